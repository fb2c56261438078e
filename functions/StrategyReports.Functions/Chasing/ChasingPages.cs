using System.Globalization;
using StrategyReports.Domain;
using StrategyReports.Domain.Failures;
using StrategyReports.Functions.Layout;

namespace StrategyReports.Functions.Chasing;

public sealed record ChaseRowView(string Partner, string Name, string Status, string Tag, string? Contact, string LastReminder);

/// <summary>A partner that has returned but has a lead's query to answer, linked to the return's review page.</summary>
public sealed record QueriedReturnView(string Name, string Href, string? Contact);

/// <param name="Note">Why the text is shown rather than sent.</param>
public sealed record ReminderCopy(string Partner, string Name, string Note, string? To, string Subject, string Body);

public sealed record ChasingPage(
    string PartnershipName,
    string Period,
    string PeriodLabel,
    string DueOn,
    string ClosesOn,
    string Summary,
    bool SendsMail,
    string ButtonText,
    string AllButtonText,
    string FormAction,
    string AntiforgeryToken,
    string ReturnsHref,
    string? Sent,
    IReadOnlyList<FieldError> Errors,
    IReadOnlyList<ReminderCopy> Copies,
    IReadOnlyList<ChaseRowView> Rows,
    IReadOnlyList<QueriedReturnView> Queried) : IPageModel
{
    public static string Template => "chasing";
}

/// <summary>
/// The lead's chasing page, <c>/partnerships/{p}/returns/{period}/chasing</c>: the partners still missing, with their
/// contact and last reminder, and a button to remind each or all, through the same use case as the API. Reminders
/// that could not be sent (no mail server, no contact, a refusal) are shown as text to copy.
/// </summary>
public static class ChasingPages
{
    private const string Route = "/partnerships/{partnershipId}/returns/{period}/chasing";

    /// <summary>The page's address for a period of a partnership, for the returns page to link to.</summary>
    public static string Href(string partnershipId, Domain.Periods.Period period) => $"/partnerships/{partnershipId}/returns/{period.Id}/chasing";

    public static IEndpointRouteBuilder MapChasingPages(this IEndpointRouteBuilder app)
    {
        app.MapGet(Route, PageAsync).WithName("ChasingPage").AllowAnonymous();
        app.MapPost(Route, PostAsync).WithName("SendRemindersPage").AllowAnonymous().DisableAntiforgery();
        return app;
    }

    public static async Task<IResult> PageAsync(string partnershipId, string period, string? sent, [AsParameters] ChasingPageContext context, CancellationToken cancellationToken)
    {
        if (LeadPageAccess.Refuse(context.Http, context.Pages, partnershipId) is { } refusal)
        {
            return refusal;
        }

        var view = await ViewAsync(context, partnershipId, period, cancellationToken);
        if (view is null)
        {
            return NotFound(context.Pages, partnershipId);
        }

        var message = int.TryParse(sent, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0
            ? (count == 1 ? "1 reminder sent by e-mail." : string.Create(CultureInfo.InvariantCulture, $"{count} reminders sent by e-mail.")) + " The table shows when each partner was last reminded."
            : null;
        return await RenderAsync(context, view, message, [], [], StatusCodes.Status200OK, cancellationToken);
    }

    public static async Task<IResult> PostAsync(string partnershipId, string period, [AsParameters] ChasingPageContext context, CancellationToken cancellationToken)
    {
        if (LeadPageAccess.Refuse(context.Http, context.Pages, partnershipId) is { } refusal)
        {
            return refusal;
        }

        var form = await context.Http.Request.ReadFormAsync(cancellationToken);
        var partner = form["partner"].ToString();
        IReadOnlyList<string>? chosen = form["all"] == "true" || partner.Length == 0 ? null : [partner];
        RemindersSent result;
        try
        {
            result = await context.Chasing.RemindAsync(context.Http.User, partnershipId, period, chosen, cancellationToken);
        }
        catch (NotFoundException)
        {
            return NotFound(context.Pages, partnershipId);
        }
        catch (ValidationFailedException problem) when (problem.Errors is { Count: > 0 } errors)
        {
            // The page was out of date: the partner has returned since it was shown.
            var current = (await ViewAsync(context, partnershipId, period, cancellationToken))!;
            var fieldErrors = errors.Select(e => new FieldError(current.Partners.FirstOrDefault(r => r.Status != "returned") is { } first ? $"partner-{first.Partner}" : "summary", e.Value[0])).ToList();
            return await RenderAsync(context, current, null, fieldErrors, [], StatusCodes.Status422UnprocessableEntity, cancellationToken);
        }

        var unsent = result.Reminders.Where(r => r.Outcome != "sent").ToList();
        if (unsent.Count == 0)
        {
            return TypedResults.Redirect(string.Create(CultureInfo.InvariantCulture, $"/partnerships/{partnershipId}/returns/{result.Period.Id}/chasing?sent={result.Reminders.Count}#sent"));
        }

        var view = (await ViewAsync(context, partnershipId, period, cancellationToken))!;
        var sentCount = result.Reminders.Count - unsent.Count;
        var message = sentCount > 0 ? string.Create(CultureInfo.InvariantCulture, $"{sentCount} of {result.Reminders.Count} reminders sent by e-mail; the others are below to send yourself.") : null;
        var failures = unsent.Where(r => r.Outcome == "failed").Select(r => new FieldError($"body-{r.Partner}", $"The reminder to {r.Name} was not sent: {r.Error}")).ToList();
        var copies = unsent.Select(r => new ReminderCopy(r.Partner, r.Name, Note(r.Outcome), r.To, r.Subject, r.Body)).ToList();
        return await RenderAsync(context, view, message, failures, copies, StatusCodes.Status200OK, cancellationToken);
    }

    private static string Note(string outcome) => outcome switch
    {
        "failed" => "The mail server did not take this reminder. Copy it into your own e-mail, or try again later.",
        "no-contact" => "The strategy names no returns contact for this partner. Copy the reminder into an e-mail to the person you know there, and ask the admin to add their contact to the strategy.",
        _ => "Copy this reminder into an e-mail from your own mailbox.",
    };

    private static async Task<ChasingView?> ViewAsync(ChasingPageContext context, string partnershipId, string period, CancellationToken cancellationToken)
    {
        try
        {
            return await context.Chasing.GetAsync(context.Http.User, partnershipId, period, cancellationToken);
        }
        catch (NotFoundException)
        {
            return null;
        }
    }

    private static IResult NotFound(PageRenderer pages, string partnershipId) =>
        pages.Message("Page not found", [$"Check the address: it names a period of '{partnershipId}' such as 2026-27-Q2."], StatusCodes.Status404NotFound);

    private static async Task<IResult> RenderAsync(
        ChasingPageContext context, ChasingView view, string? sent,
        IReadOnlyList<FieldError> errors, IReadOnlyList<ReminderCopy> copies, int status, CancellationToken cancellationToken)
    {
        var strategy = (await context.Strategies.GetCurrentAsync(view.PartnershipId, cancellationToken))!.Strategy;
        var missing = view.Partners.Where(row => row.Status is "late" or "not-returned").ToList();
        var queried = view.Partners.Where(row => row.Status == "query-open")
            .Select(row => new QueriedReturnView(row.Name, $"/partnerships/{view.PartnershipId}/returns/{view.Period.Id}/{row.Partner}", row.Contact))
            .ToList();
        var rows = missing.Select(row => new ChaseRowView(
            row.Partner,
            row.Name,
            row.Status == "late" ? "Late" : "Not returned",
            row.Status == "late" ? "nhsuk-tag--red" : "nhsuk-tag--orange",
            row.Contact,
            row.LastReminder is { } last ? LastReminder(last) : "None sent")).ToList();
        var returned = view.Partners.Count - missing.Count;
        var summary = string.Create(
            CultureInfo.InvariantCulture,
            $"{returned} of {view.Partners.Count} partners have returned ({view.QueryOpen} with a query open); {view.NotReturned} not yet returned and {view.Late} late.");
        var model = new ChasingPage(
            strategy.Name,
            view.Period.Id,
            Formatting.PeriodWithId(view.Period),
            Formatting.Date(view.DueOn),
            Formatting.Date(view.ClosesOn),
            summary,
            view.SendsMail,
            view.SendsMail ? "Send reminder" : "Show reminder",
            view.SendsMail ? "Send a reminder to every partner missing" : "Show reminders for every partner missing",
            Href(view.PartnershipId, view.Period),
            context.Antiforgery.GetAndStoreTokens(context.Http).RequestToken ?? string.Empty,
            $"/partnerships/{view.PartnershipId}/returns/{view.Period.Id}",
            sent,
            errors,
            copies,
            rows,
            queried);
        return context.Pages.Render($"Chase returns for {view.Period.Id}", model, status, hasErrors: errors.Count > 0);
    }

    private static string LastReminder(ReminderView reminder)
    {
        var when = Formatting.Moment(reminder.At);
        var kind = reminder.Kind == "scheduled" ? "scheduled" : $"sent by {reminder.By}";
        return reminder.Outcome switch
        {
            "sent" => $"{when}, {kind}",
            "failed" => $"{when}, {kind}, not delivered",
            _ => $"{when}, {kind}, being sent",
        };
    }
}
