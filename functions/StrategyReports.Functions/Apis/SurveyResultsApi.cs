using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using StrategyReports.Functions.Errors;
using StrategyReports.Functions.Security;
using StrategyReports.Functions.Surveys;
using StrategyReports.Surveys;

namespace StrategyReports.Functions.Apis;

/// <summary>A survey's current results, per partner and overall, with small-number suppression.</summary>
public static class SurveyResultsApi
{
    public static IEndpointRouteBuilder MapSurveyResultsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/partnerships/{partnershipId}/surveys/{surveyId}/results", GetAsync)
            .WithName("GetSurveyResults")
            .RequireAuthorization(Policies.LeadOrAdmin);
        return app;
    }

    public static async Task<Ok<SurveyResults>> GetAsync(
        string partnershipId, string surveyId, ClaimsPrincipal user, SurveyDirectory directory, SurveyResponseStore responses, CancellationToken cancellationToken)
    {
        user.RequireReaderOf(Identifiers.RequireKnownShape(partnershipId, "partnership"));

        var listing = await directory.FindAsync(surveyId, cancellationToken);
        if (listing is null || listing.PartnershipId != partnershipId)
        {
            throw ProblemException.NotFound("survey", surveyId);
        }

        // A survey run for one programme is that programme's staff voice: a lead of other programmes doesn't see it.
        if (listing.Survey.ProgrammeId is { } programmeId && !user.CanLeadProgramme(partnershipId, programmeId))
        {
            throw ProblemException.Forbidden($"You do not lead the programme '{programmeId}' this survey belongs to.");
        }

        var partners = listing.Strategy.Partners.Select(partner => new SurveyPartner(partner.Id, partner.Name, partner.Headcount)).ToList();
        var stored = await responses.ListAsync(partnershipId, surveyId, cancellationToken);
        return TypedResults.Ok(SurveyResults.Compute(listing.Survey, partners, stored));
    }
}
