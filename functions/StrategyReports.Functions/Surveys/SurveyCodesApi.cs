using System.Security.Claims;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using StrategyReports.Functions.Security;

namespace StrategyReports.Functions.Surveys;

/// <summary>Issuing single-use codes for a survey; once any exist, the survey takes responses only with one.</summary>
public static class SurveyCodesApi
{
    public static IEndpointRouteBuilder MapSurveyCodesApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/partnerships/{partnershipId}/surveys/{surveyId}/codes", IssueAsync)
            .WithName("IssueSurveyCodes")
            .RequireAuthorization(Policies.Admin);
        return app;
    }

    public sealed record IssueRequest(int? Count);

    /// <summary>The new codes; they are shown this once, since only their hashes are stored.</summary>
    public sealed record IssuedCodes(string SurveyId, IReadOnlyList<string> Codes);

    public static async Task<Created<IssuedCodes>> IssueAsync(
        string partnershipId, string surveyId, IssueRequest body, ClaimsPrincipal user, SurveyCodeIssuing codes, CancellationToken cancellationToken)
    {
        var issued = await codes.IssueAsync(user, partnershipId, surveyId, body?.Count, cancellationToken);
        return TypedResults.Created((string?)null, new IssuedCodes(surveyId, issued));
    }
}

/// <summary>The JSON contract of the body <see cref="SurveyCodesApi"/> reads, generated at compile time: building the endpoint asks for it before the server listens (docs/cold-start.md), as <see cref="Health.HealthJson"/> explains.</summary>
[JsonSerializable(typeof(SurveyCodesApi.IssueRequest))]
internal sealed partial class SurveysJson : JsonSerializerContext;
