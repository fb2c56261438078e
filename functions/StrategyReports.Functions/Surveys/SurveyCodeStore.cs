using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using StrategyReports.Domain.Failures;
using StrategyReports.Functions.Storage;
using StrategyReports.Surveys;

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
/// </para>
/// <para>
/// Using a code does not touch its row while the survey is open: storage would stamp the row with the
/// moment of use, and an admin who knows which row is whose code could pair it with the response
/// written then. Instead a <em>claim</em> is staged with the response, in one transaction
/// (<see cref="SurveyStaging"/>): its key is an HMAC of the code's row key under a second key derived
/// from the secret, so without the secret nobody can tell which code a claim is for. A code with a
/// claim is used. After the survey closes, <see cref="SettleAsync"/> rewrites every code row of the
/// survey at once, marking the claimed ones spent, and the claims are deleted: no code row ever
/// carries the time it was used.
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
    private readonly byte[] _claimKey = new byte[32];

    public SurveyCodeStore(TableServiceClient tables, TimeProvider time, SurveyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _secret = Encoding.UTF8.GetBytes(
            options.CodeSecret is { Length: > 0 } secret ? secret : throw new InvalidOperationException("Survey codes need the setting Surveys:CodeSecret."));
        HKDF.DeriveKey(HashAlgorithmName.SHA256, _secret, _claimKey, salt: [], info: "StrategyReports survey code claims v1"u8);
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

    /// <summary>
    /// The claim a response with this code is staged with; 422 naming <c>code</c> when it is missing,
    /// unknown or already spent. Whether it was claimed already shows only when the claim is staged.
    /// </summary>
    public async Task<CodeClaim> ClaimAsync(string partnershipId, string surveyId, string? code, CancellationToken cancellationToken = default)
    {
        var normalised = Normalise(code);
        if (normalised.Length == 0)
        {
            throw new ValidationFailedException(CodeField, MissingCodeMessage);
        }

        var claim = normalised.Length == CodeLength ? new CodeClaim(Hash(normalised), string.Empty) : null;
        if (claim is null || await IsSpentAsync(partnershipId, surveyId, claim, cancellationToken) != false)
        {
            throw Unusable();
        }

        return claim with { Key = ClaimKey(claim.RowKey) };
    }

    /// <summary>Whether the code is marked spent; null when there is no such code.</summary>
    public async Task<bool?> IsSpentAsync(string partnershipId, string surveyId, CodeClaim claim, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claim);
        await _created.EnsureAsync(cancellationToken);
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(SurveyResponseStore.PartitionKey(partnershipId, surveyId), claim.RowKey, cancellationToken: cancellationToken);
        return row.HasValue ? row.Value!.GetBoolean("Spent") == true : null;
    }

    /// <summary>The one answer to a code that can't be used.</summary>
    public static ValidationFailedException Unusable() => new ValidationFailedException(CodeField, UnusableCodeMessage);

    /// <summary>
    /// Rewrites every code row of the survey, in a fresh random order, marking spent those with one of
    /// <paramref name="claimKeys"/>: every row gets the same write time, so none says when it was used.
    /// Running it again after a crash gives the same rows.
    /// </summary>
    /// <returns>How many codes were marked spent now.</returns>
    public async Task<int> SettleAsync(string partnershipId, string surveyId, IReadOnlySet<string> claimKeys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claimKeys);
        await _created.EnsureAsync(cancellationToken);
        var partition = SurveyResponseStore.PartitionKey(partnershipId, surveyId);
        var rows = new List<TableEntity>();
        var spentNow = 0;
        await foreach (var row in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), select: ["RowKey", "Spent"], cancellationToken: cancellationToken))
        {
            var claimed = claimKeys.Contains(ClaimKey(row.RowKey));
            spentNow += claimed && row.GetBoolean("Spent") != true ? 1 : 0;
            rows.Add(new TableEntity(partition, row.RowKey) { ["Spent"] = claimed || row.GetBoolean("Spent") == true });
        }

        foreach (var write in StagingBatches.Shuffled(rows, TableLimits.MaxTransactionActions, long.MaxValue, _ => 1))
        {
            await _table.SubmitTransactionAsync(write.Select(row => new TableTransactionAction(TableTransactionActionType.UpsertReplace, row)), cancellationToken);
        }

        return spentNow;
    }

    private static string NewCode()
    {
        var chars = RandomNumberGenerator.GetItems<char>(Alphabet, CodeLength);
        return $"{new string(chars, 0, CodeLength / 2)}-{new string(chars, CodeLength / 2, CodeLength / 2)}";
    }

    private static string Normalise(string? code) =>
        new((code ?? "").Where(char.IsLetterOrDigit).Select(char.ToUpperInvariant).ToArray());

    private string Hash(string code) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_secret, Encoding.UTF8.GetBytes(Normalise(code))));

    private string ClaimKey(string rowKey) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_claimKey, Encoding.UTF8.GetBytes(rowKey)));
}

/// <summary>A code about to be used: its row's key, and the key of the claim staged with its response.</summary>
public sealed record CodeClaim(string RowKey, string Key);
