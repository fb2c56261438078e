using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using StrategyReports.Functions.Errors;
using StrategyReports.Functions.Storage;

namespace StrategyReports.Functions.Surveys;

/// <summary>
/// Optional single-use codes for a survey. Once any are issued, the survey accepts a response
/// only with an unspent code.
/// </summary>
/// <remarks>
/// <para>
/// Table <c>surveycodes</c>, apart from the responses: PartitionKey <c>{partnershipId}|{surveyId}</c>,
/// RowKey the HMAC-SHA-256 of the code under the secret <c>Surveys:CodeSecret</c>, and <c>Spent</c>.
/// A bare hash of a 10-character code could be reversed offline by trying every code; without the
/// secret, whoever reads the table can neither use an unspent code nor tell which code a row is.
/// Spending sets <c>Spent</c> and nothing else: no response id, so a spent code says that someone
/// answered, never what.
/// </para>
/// <para>
/// An unknown code and a spent one get the same answer, word for word: telling them apart would let
/// anyone holding a list of codes learn which colleagues have answered.
/// </para>
/// </remarks>
public sealed class SurveyCodeStore
{
    public const string TableName = "surveycodes";

    /// <summary>The most codes one request may issue.</summary>
    public const int MaxCodesPerRequest = 1000;

    public const string CodeField = "code";

    /// <summary>What a respondent is told when a survey that uses codes gets none.</summary>
    public const string MissingCodeMessage = "Enter the code you were given to answer this survey.";

    /// <summary>The one answer to a code that is unknown or already spent.</summary>
    public const string UnusableCodeMessage = "This code cannot be used: check it and try again. Each code answers the survey once.";

    // Letters and digits that can't be misread for one another when typed from paper.
    private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private const int CodeLength = 10;
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, (bool Required, DateTimeOffset Until)> _required = new(StringComparer.Ordinal);
    private readonly TableClient _table;
    private readonly TimeProvider _time;
    private readonly InitialiseOnce _created;
    private readonly byte[] _secret;

    public SurveyCodeStore(TableServiceClient tables, TimeProvider time, SurveyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _secret = Encoding.UTF8.GetBytes(
            options.CodeSecret is { Length: > 0 } secret ? secret : throw new InvalidOperationException("Survey codes need the setting Surveys:CodeSecret."));
        ArgumentNullException.ThrowIfNull(tables);
        _table = tables.GetTableClient(TableName);
        _time = time;
        _created = new(cancellationToken => _table.CreateIfNotExistsAsync(cancellationToken));
    }

    /// <summary>Issues <paramref name="count"/> new codes, shown once as <c>ABCDE-FGHJK</c>.</summary>
    public async Task<IReadOnlyList<string>> IssueAsync(string partnershipId, string surveyId, int count, CancellationToken cancellationToken = default)
    {
        await _created.EnsureAsync(cancellationToken);
        var partition = SurveyResponseStore.PartitionKey(partnershipId, surveyId);
        var codes = Enumerable.Range(0, count).Select(_ => NewCode()).ToList();
        foreach (var chunk in codes.Chunk(TableLimits.MaxTransactionActions))
        {
            await _table.SubmitTransactionAsync(
                chunk.Select(code => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(partition, Hash(code)) { ["Spent"] = false })),
                cancellationToken);
        }

        _required[partition] = (true, DateTimeOffset.MaxValue);
        return codes;
    }

    /// <summary>Whether the survey takes responses only with a code.</summary>
    public async Task<bool> IsRequiredAsync(string partnershipId, string surveyId, CancellationToken cancellationToken = default)
    {
        var partition = SurveyResponseStore.PartitionKey(partnershipId, surveyId);
        var now = _time.GetUtcNow();
        if (_required.TryGetValue(partition, out var cached) && cached.Until > now)
        {
            return cached.Required;
        }

        await _created.EnsureAsync(cancellationToken);
        var required = false;
        await foreach (var _ in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), select: ["RowKey"], maxPerPage: 1, cancellationToken: cancellationToken))
        {
            required = true;
            break;
        }

        // Once required, always required: only the answer "not yet" may go stale.
        _required[partition] = (required, required ? DateTimeOffset.MaxValue : now + CacheFor);
        return required;
    }

    /// <summary>Marks a code spent; 422 naming <c>code</c> when it is missing, unknown or already spent.</summary>
    public async Task SpendAsync(string partnershipId, string surveyId, string? code, CancellationToken cancellationToken = default)
    {
        var normalised = Normalise(code);
        if (normalised.Length == 0)
        {
            throw ProblemException.Validation(CodeField, MissingCodeMessage);
        }

        await _created.EnsureAsync(cancellationToken);
        var row = normalised.Length == CodeLength
            ? await _table.GetEntityIfExistsAsync<TableEntity>(SurveyResponseStore.PartitionKey(partnershipId, surveyId), Hash(normalised), cancellationToken: cancellationToken)
            : null;
        if (row is null || !row.HasValue)
        {
            throw ProblemException.Validation(CodeField, UnusableCodeMessage);
        }

        var entity = row.Value!;
        if (entity.GetBoolean("Spent") == true)
        {
            throw ProblemException.Validation(CodeField, UnusableCodeMessage);
        }

        entity["Spent"] = true;
        try
        {
            await _table.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            throw ProblemException.Validation(CodeField, UnusableCodeMessage);
        }
    }

    private static string NewCode()
    {
        var chars = RandomNumberGenerator.GetItems<char>(Alphabet, CodeLength);
        return $"{new string(chars, 0, CodeLength / 2)}-{new string(chars, CodeLength / 2, CodeLength / 2)}";
    }

    /// <summary>
    /// Makes a code spent by <see cref="SpendAsync"/> usable again, when the response it was spent on
    /// could not be stored: the respondent did nothing wrong and must be able to try again.
    /// </summary>
    public async Task RefundAsync(string partnershipId, string surveyId, string code, CancellationToken cancellationToken = default)
    {
        await _created.EnsureAsync(cancellationToken);
        var entity = new TableEntity(SurveyResponseStore.PartitionKey(partnershipId, surveyId), Hash(code)) { ["Spent"] = false };
        await _table.UpdateEntityAsync(entity, ETag.All, TableUpdateMode.Replace, cancellationToken);
    }

    private static string Normalise(string? code) =>
        new((code ?? "").Where(char.IsLetterOrDigit).Select(char.ToUpperInvariant).ToArray());

    private string Hash(string code) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_secret, Encoding.UTF8.GetBytes(Normalise(code))));
}
