using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Threading.Channels;
using StrategyReports.Domain.Periods;
using StrategyReports.Functions.Hosting;
using StrategyReports.Surveys;

namespace StrategyReports.Functions.Surveys;

/// <summary>What one flush of a survey did.</summary>
/// <param name="Flushed">Responses written to their permanent rows.</param>
/// <param name="Waiting">Responses left staged: fewer than a batch, or unreadable.</param>
/// <param name="CodesSettled">Codes marked spent when the survey's codes were settled after its close.</param>
public sealed record FlushOutcome(int Flushed, int Waiting, int CodesSettled);

/// <summary>
/// Moves staged responses (<see cref="SurveyStaging"/>) to their permanent rows
/// (<see cref="SurveyResponseStore"/>) a batch at a time, in shuffled order, so storage's write time of a
/// response says when its batch went and nothing about when it arrived. A survey's buffer is flushed
/// when it holds <see cref="SurveyOptions.FlushBatchSize"/> responses (checked as responses arrive and
/// by the <c>FlushSurveyResponses</c> timer), and whatever it holds before results are released and
/// once the survey has closed; after the close the survey's codes are settled too.
/// </summary>
/// <remarks>
/// Every step can be repeated: responses are upserted under the id chosen when they arrived, then the
/// staged rows are deleted, and a staged row already gone is fine. So a flush that crashes halfway is
/// finished by the next, and two instances flushing one survey at once write the same rows; within one
/// instance a survey's flushes take turns. A staged response that can't be opened (the secret was
/// changed) is kept and logged, never deleted.
/// </remarks>
public sealed partial class SurveyFlush(
    SurveyStaging staging, SurveyResponseStore responses, SurveyCodeStore codes, ResponseSeal seal, SurveyOptions options, ILogger<SurveyFlush> logger)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _turns = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, StagedHere> _stagedHere = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _queued = new(StringComparer.Ordinal);
    private readonly Channel<(string PartnershipId, string SurveyId)> _full = Channel.CreateUnbounded<(string, string)>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>The surveys whose buffer this instance saw fill, for <see cref="SurveyFlushWorker"/>.</summary>
    public ChannelReader<(string PartnershipId, string SurveyId)> Full => _full.Reader;

    /// <summary>
    /// Remembers a response this instance staged, under its staged row's key, so its batch can be written
    /// without reading the staging rows back; a survey whose buffer fills is queued for a flush.
    /// </summary>
    public void Staged(string partnershipId, string surveyId, StagedIn stagedIn, StagedResponse response)
    {
        ArgumentNullException.ThrowIfNull(stagedIn);
        var partition = SurveyResponseStore.PartitionKey(partnershipId, surveyId);
        if (_stagedHere.GetOrAdd(partition, _ => new StagedHere()).Add(stagedIn, response) >= options.FlushBatchSize && _queued.TryAdd(partition, 0))
        {
            _full.Writer.TryWrite((partnershipId, surveyId));
        }
    }

    /// <summary>
    /// Writes the batch of responses this instance staged for the survey from its own memory of them,
    /// then deletes their staged rows. Rows another instance staged, or that this one forgot when it
    /// restarted, are left for <see cref="FlushAsync"/>, which reads the staging table.
    /// </summary>
    public Task<int> FlushStagedHereAsync(string partnershipId, string surveyId, CancellationToken cancellationToken = default) =>
        InTurnAsync(partnershipId, surveyId, async partition =>
        {
            var batch = _stagedHere.TryGetValue(partition, out var here) ? here.TakeWholeRows() : [];
            var count = batch.Values.Sum(row => row.Responses.Count);
            if (count < options.FlushBatchSize)
            {
                here?.Restore(batch);
                return 0;
            }

            try
            {
                await responses.WriteBatchAsync(partnershipId, [.. batch.Values.SelectMany(row => row.Responses)], cancellationToken);
                await staging.DeleteAsync(partition, [.. batch.Keys.Select(rowKey => new StagedRow(rowKey, Azure.ETag.All, []))], claims: false, cancellationToken);
            }
            catch
            {
                // Every step can be repeated, so the next full buffer tries this batch again with it.
                here!.Restore(batch);
                throw;
            }

            return count;
        }, cancellationToken);

    /// <summary>Flushes the survey's staged responses if this occasion calls for it; settles its codes once it has closed.</summary>
    public Task<FlushOutcome> FlushAsync(string partnershipId, string surveyId, FlushOccasion occasion, CancellationToken cancellationToken = default) =>
        InTurnAsync(partnershipId, surveyId, async partition =>
        {
            var staged = await staging.ReadAsync(partition, cancellationToken);
            var stagedCount = staged.Responses.Sum(row => row.Sealed.Count);
            var flushed = new List<(StagedRow Row, IReadOnlyList<StagedResponse> Responses)>();
            if (StagingBatches.IsDue(stagedCount, options.FlushBatchSize, occasion))
            {
                foreach (var row in staged.Responses)
                {
                    try
                    {
                        flushed.Add((row, [.. row.Sealed.Select(payload => seal.Open(payload, partition))]));
                    }
                    catch (CryptographicException e)
                    {
                        LogUnreadable(logger, partition, row.RowKey, e);
                    }
                }

                await responses.WriteBatchAsync(partnershipId, [.. flushed.SelectMany(item => item.Responses)], cancellationToken);
                await staging.DeleteAsync(partition, [.. flushed.Select(item => item.Row)], claims: false, cancellationToken);
                if (_stagedHere.TryGetValue(partition, out var here))
                {
                    here.Forget(flushed.Select(item => item.Row.RowKey));
                }
            }

            var settled = 0;
            if (occasion == FlushOccasion.Closed && staged.Claims.Count > 0)
            {
                settled = await codes.SettleAsync(partnershipId, surveyId, staged.Claims.Select(claim => claim.RowKey).ToHashSet(StringComparer.Ordinal), cancellationToken);
                await staging.DeleteAsync(partition, staged.Claims, claims: true, cancellationToken);
            }

            var written = flushed.Sum(item => item.Responses.Count);
            return new FlushOutcome(written, stagedCount - written, settled);
        }, cancellationToken);

    // Within one instance a survey's flushes take turns; a flush about to run answers any queued request for one.
    private async Task<T> InTurnAsync<T>(string partnershipId, string surveyId, Func<string, Task<T>> flush, CancellationToken cancellationToken)
    {
        var partition = SurveyResponseStore.PartitionKey(partnershipId, surveyId);
        _queued.TryRemove(partition, out _);
        var turn = _turns.GetOrAdd(partition, _ => new SemaphoreSlim(1, 1));
        await turn.WaitAsync(cancellationToken);
        try
        {
            return await flush(partition);
        }
        finally
        {
            turn.Release();
        }
    }

    /// <summary>How a survey is flushed on an occasion that finds it open: once it has closed (UK day), always as closed.</summary>
    public static FlushOccasion OccasionFor(PulseSurvey? survey, DateOnly today, FlushOccasion whileOpen) =>
        survey is null || survey.Closes < today ? FlushOccasion.Closed : whileOpen;

    /// <summary>The responses one survey has staged on this instance and not yet seen flushed, by staging row.</summary>
    /// <remarks>
    /// Responses staged together learn they are stored one by one, so a row's last responses may be
    /// remembered a moment after its first: only a row remembered whole is taken, or deleting it would
    /// drop the responses not yet written.
    /// </remarks>
    private sealed class StagedHere
    {
        private readonly Lock _gate = new();
        private readonly Dictionary<string, (int Expected, List<StagedResponse> Responses)> _rows = new(StringComparer.Ordinal);
        private int _count;

        public int Add(StagedIn stagedIn, StagedResponse response)
        {
            lock (_gate)
            {
                if (!_rows.TryGetValue(stagedIn.RowKey, out var row))
                {
                    _rows[stagedIn.RowKey] = row = (stagedIn.RowResponses, []);
                }

                row.Responses.Add(response);
                return ++_count;
            }
        }

        public Dictionary<string, (int Expected, List<StagedResponse> Responses)> TakeWholeRows()
        {
            lock (_gate)
            {
                var whole = _rows.Where(row => row.Value.Responses.Count >= row.Value.Expected).ToDictionary(StringComparer.Ordinal);
                foreach (var (rowKey, row) in whole)
                {
                    _rows.Remove(rowKey);
                    _count -= row.Responses.Count;
                }

                return whole;
            }
        }

        // A batch too small to write goes back; anything staged meanwhile stays too.
        public void Restore(Dictionary<string, (int Expected, List<StagedResponse> Responses)> batch)
        {
            lock (_gate)
            {
                foreach (var (rowKey, row) in batch)
                {
                    if (_rows.TryAdd(rowKey, row))
                    {
                        _count += row.Responses.Count;
                    }
                }
            }
        }

        public void Forget(IEnumerable<string> rowKeys)
        {
            lock (_gate)
            {
                foreach (var rowKey in rowKeys)
                {
                    if (_rows.Remove(rowKey, out var row))
                    {
                        _count -= row.Responses.Count;
                    }
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A staging row {Partition}/{RowKey} could not be opened, so its responses stay staged: was Surveys:CodeSecret changed? Restore the secret it was sealed under and it is flushed next time.")]
    private static partial void LogUnreadable(ILogger logger, string partition, string rowKey, Exception exception);
}

/// <summary>Flushes, in the background, the surveys whose buffer filled on this instance.</summary>
public sealed partial class SurveyFlushWorker(SurveyFlush flush, ILogger<SurveyFlushWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var (partnershipId, surveyId) in flush.Full.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await flush.FlushStagedHereAsync(partnershipId, surveyId, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The responses stay staged; the timer's next run flushes them.
                    LogFailed(logger, partnershipId, surveyId, e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Flushing survey {PartnershipId}/{SurveyId} failed; its responses stay staged for the next flush.")]
    private static partial void LogFailed(ILogger logger, string partnershipId, string surveyId, Exception exception);
}

/// <summary>
/// Every few minutes: flushes each survey whose buffer holds a full batch (filled across instances,
/// or left when an instance stopped), and everything of surveys that have closed, settling their codes.
/// </summary>
public sealed partial class FlushSurveyResponses(SurveyStaging staging, SurveyDirectory directory, SurveyFlush flush, TimeProvider time, ILogger<FlushSurveyResponses> logger) : ITimerFunction
{
    public const string FunctionName = "FlushSurveyResponses";

    public string Name => FunctionName;

    public async Task<string> RunAsync(TimerInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var today = UkTime.DateAt(time.GetUtcNow());
        var (flushed, waiting, settled, failed) = (0, 0, 0, 0);
        var partitions = await staging.CountByPartitionAsync(cancellationToken);
        foreach (var partition in partitions.Keys)
        {
            var (partnershipId, surveyId) = (partition[..partition.IndexOf('|', StringComparison.Ordinal)], partition[(partition.IndexOf('|', StringComparison.Ordinal) + 1)..]);
            try
            {
                var listing = await directory.FindAsync(surveyId, cancellationToken);
                var survey = listing?.PartnershipId == partnershipId ? listing.Survey : null;
                var outcome = await flush.FlushAsync(partnershipId, surveyId, SurveyFlush.OccasionFor(survey, today, FlushOccasion.BatchFull), cancellationToken);
                (flushed, waiting, settled) = (flushed + outcome.Flushed, waiting + outcome.Waiting, settled + outcome.CodesSettled);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                failed++;
                LogFailed(logger, partition, e);
                invocation.Log($"{partition} failed: {e.Message}");
            }
        }

        return string.Create(CultureInfo.InvariantCulture, $"{partitions.Count} surveys with staged rows: {flushed} responses flushed, {waiting} waiting for a full batch or a release, {settled} codes settled, {failed} failed.");
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Flushing {Partition} failed; its responses stay staged for the next run.")]
    private static partial void LogFailed(ILogger logger, string partition, Exception exception);
}
