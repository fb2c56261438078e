using System.Security.Claims;
using StrategyReports.Domain.Failures;
using StrategyReports.Functions.Hosting;
using StrategyReports.Functions.Security;

namespace StrategyReports.Functions.Surveys;

/// <summary>Issuing single-use survey codes: the one use case behind <c>POST …/surveys/{surveyId}/codes</c> and the admin's code sheet.</summary>
public sealed class SurveyCodeIssuing(SurveyDirectory directory, SurveyCodeStore codes)
{
    /// <returns>The new codes, shown this once: only their hashes are stored.</returns>
    public async Task<IReadOnlyList<string>> IssueAsync(ClaimsPrincipal user, string partnershipId, string surveyId, int? count, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        user.RequireAdminOf(RouteValues.RequireId(partnershipId, "partnership"));
        if (await directory.FindOwnerAsync(surveyId, cancellationToken) != partnershipId)
        {
            throw new NotFoundException("survey", surveyId);
        }

        if (count is not (>= 1 and <= SurveyCodeStore.MaxCodesPerRequest))
        {
            throw new ValidationFailedException("count", $"Ask for between 1 and {SurveyCodeStore.MaxCodesPerRequest} codes.");
        }

        return await codes.IssueAsync(partnershipId, surveyId, count.Value, cancellationToken);
    }
}
