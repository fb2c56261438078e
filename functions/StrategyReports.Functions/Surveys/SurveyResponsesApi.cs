using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using StrategyReports.Functions.Audit;
using StrategyReports.Functions.Hosting;
using StrategyReports.Surveys;

namespace StrategyReports.Functions.Surveys;

/// <summary>Anonymous responses posted directly, by intranet systems or anyone with the link.</summary>
public static class SurveyResponsesApi
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    public static IEndpointRouteBuilder MapSurveyResponsesApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/surveys/{surveyId}/responses", SubmitAsync)
            .WithName("SubmitSurveyResponse")
            .AllowAnonymous()
            .NotAudited(AuditRecording.SurveyResponseReason)
            .RequireRateLimiting(SurveySetup.RateLimitPolicy)
            .WithSmallBody();
        return app;
    }

    /// <summary>
    /// <c>{"partner": "…", "answers": {"questionId": 4 | "text" | ["a", "b"]}, "code": "…"}</c>; <c>code</c> only when the
    /// survey uses codes. A client that may retry sends an <c>Idempotency-Key</c>, so a retry after a lost answer is not counted twice.
    /// </summary>
    public sealed record ResponseBody(string? Partner, Dictionary<string, JsonElement>? Answers, string? Code);

    /// <summary>What a stored response is acknowledged with: the survey and the day it counts for, nothing that could find it again.</summary>
    public sealed record Receipt(string SurveyId, DateOnly Day);

    public static async Task<Created<Receipt>> SubmitAsync(string surveyId, HttpRequest request, SurveyIntake intake, CancellationToken cancellationToken)
    {
        var listing = await intake.RequireOpenAsync(surveyId, cancellationToken);
        var body = await JsonSerializer.DeserializeAsync<ResponseBody>(request.Body, JsonOptions, cancellationToken)
            ?? throw new JsonException("The body is null; send a JSON object.");
        var validation = SurveyAnswerValidator.Validate(listing.Survey, body.Partner, body.Answers, SurveyIntake.PartnerIds(listing));
        if (!validation.IsValid)
        {
            throw SurveyIntake.Invalid(validation);
        }

        var response = await intake.StoreAsync(listing, validation, body.Code, IdempotencyKey.Of(request), cancellationToken);
        return TypedResults.Created((string?)null, new Receipt(response.SurveyId, response.Day));
    }
}
