using StrategyReports.Storage.Tables;
using StrategyReports.Surveys;

namespace StrategyReports.Functions.Surveys;

/// <summary>
/// Stored pulse-survey responses. Table <c>surveyresponses</c>: PartitionKey
/// <c>{partnershipId}|{surveyId}</c>, RowKey a random GUID (never time-ordered, so the order of
/// rows says nothing about who answered when), and only <c>PartnerId</c>, <c>Day</c> and
/// <c>Response</c> (<see cref="SurveyResponse.ToJson"/>).
/// </summary>
public sealed class SurveyResponseStore(TableServiceClient tables)
{
    public const string TableName = "surveyresponses";

    private volatile bool _ensured;

    public static string PartitionKey(string partnershipId, string surveyId) => $"{partnershipId}|{surveyId}";

    /// <summary>Stores one response as its own entity.</summary>
    public async Task AddAsync(string partnershipId, SurveyResponse response, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(response);
        await EnsureAsync(cancellationToken);
        await tables.GetTableClient(TableName).AddEntityAsync(ToEntity(partnershipId, response), cancellationToken);
    }

    /// <summary>Every response to a survey, in no meaningful order.</summary>
    public async Task<IReadOnlyList<SurveyResponse>> ListAsync(string partnershipId, string surveyId, CancellationToken cancellationToken = default)
    {
        await EnsureAsync(cancellationToken);
        var responses = new List<SurveyResponse>();
        var filter = TableFilter.Create($"PartitionKey eq {PartitionKey(partnershipId, surveyId)}");
        await foreach (var row in tables.GetTableClient(TableName).QueryAsync(filter, select: ["Response"], cancellationToken: cancellationToken))
        {
            responses.Add(SurveyResponse.FromJson(row.GetString("Response") ?? throw new InvalidDataException("A stored survey response has no Response.")));
        }

        return responses;
    }

    public static TableEntity ToEntity(string partnershipId, SurveyResponse response) =>
        new(PartitionKey(partnershipId, response.SurveyId), Guid.NewGuid().ToString("N"))
        {
            ["PartnerId"] = response.PartnerId,
            ["Day"] = response.Day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["Response"] = response.ToJson(),
        };

    private async Task EnsureAsync(CancellationToken cancellationToken)
    {
        if (!_ensured)
        {
            await tables.GetTableClient(TableName).CreateIfNotExistsAsync(cancellationToken);
            _ensured = true;
        }
    }
}
