using System.Security.Claims;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using StrategyReports.Functions.Security;

namespace StrategyReports.Functions.Chasing;

/// <summary>The chase list of a period and sending reminders, for leads and admins of the partnership.</summary>
public static class ChasingApi
{
    public static IEndpointRouteBuilder MapChasingApi(this IEndpointRouteBuilder app)
    {
        var period = app.MapGroup("/api/partnerships/{partnershipId}/returns/{period}").RequireAuthorization(Policies.LeadOrAdmin);
        period.MapGet("/chasing", GetAsync).WithName("GetChasing")
            .WithSummary("Who has not returned for the period, who is late, their returns contacts, and the reminders sent.");
        period.MapPost("/reminders", RemindAsync).WithName("SendReminders")
            .WithSummary("Remind the partners named ({\"partners\": [...]}), or every partner whose return is missing: sent by e-mail when SMTP is set, otherwise given back as text to copy.");
        return app;
    }

    public static async Task<Ok<ChasingView>> GetAsync(string partnershipId, string period, ClaimsPrincipal user, ChasingReturns chasing, CancellationToken cancellationToken) =>
        TypedResults.Ok(await chasing.GetAsync(user, partnershipId, period, cancellationToken));

    public static async Task<Ok<RemindersSent>> RemindAsync(string partnershipId, string period, ReminderRequest? body, ClaimsPrincipal user, ChasingReturns chasing, CancellationToken cancellationToken) =>
        TypedResults.Ok(await chasing.RemindAsync(user, partnershipId, period, body?.Partners, cancellationToken));
}

/// <summary>The JSON contract of the body <see cref="ChasingApi"/> reads, generated at compile time: building the endpoint asks for it before the server listens (docs/cold-start.md), as <see cref="Health.HealthJson"/> explains.</summary>
[JsonSerializable(typeof(ReminderRequest))]
internal sealed partial class ChasingJson : JsonSerializerContext;
