using System.Security.Cryptography;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using StrategyReports.Functions.Storage;

namespace StrategyReports.Functions.Security;

/// <summary>
/// Sign-in sessions in table <c>signinsessions</c> (PartitionKey the session id, RowKey empty): the cookie
/// carries only the protected id, and a session removed here (signing out) is over on every instance.
/// </summary>
public sealed class SignInSessionStore : ITicketStore
{
    public const string TableName = "signinsessions";

    private readonly TableClient _table;
    private readonly InitialiseOnce _created;

    public SignInSessionStore(TableServiceClient tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        _table = tables.GetTableClient(TableName);
        _created = new(cancellationToken => _table.CreateIfNotExistsAsync(cancellationToken));
    }

    public async Task<string> StoreAsync(AuthenticationTicket ticket)
    {
        var id = System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        await RenewAsync(id, ticket);
        return id;
    }

    public async Task RenewAsync(string key, AuthenticationTicket ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        await _created.EnsureAsync();
        await _table.UpsertEntityAsync(
            new TableEntity(key, "")
            {
                ["Ticket"] = TicketSerializer.Default.Serialize(ticket),
                ["ExpiresAt"] = ticket.Properties.ExpiresUtc ?? DateTimeOffset.UtcNow.Add(SignInSession.MaximumLifetime),
            },
            TableUpdateMode.Replace);
    }

    public async Task<AuthenticationTicket?> RetrieveAsync(string key)
    {
        await _created.EnsureAsync();
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(key, "");
        return row.HasValue && row.Value!.GetBinary("Ticket") is { } bytes ? TicketSerializer.Default.Deserialize(bytes) : null;
    }

    public async Task RemoveAsync(string key)
    {
        await _created.EnsureAsync();
        await _table.DeleteEntityAsync(key, "");
    }
}
