using System.Globalization;
using System.Security.Claims;
using System.Text.Json.Nodes;
using StrategyReports.Domain.Periods;
using StrategyReports.Domain.Returns;
using StrategyReports.Domain.Strategies;
using StrategyReports.Functions.Errors;
using StrategyReports.Functions.Pages;
using StrategyReports.Functions.Returns;
using StrategyReports.Functions.Security;
using StrategyReports.Functions.Strategies;
using StrategyReports.Reports;

namespace StrategyReports.Functions.Apis;

/// <summary>
/// The return form a returns officer opens from a personal link, and the lead's list of a period's returns.
/// The form is posted back to the link's own address and checked by the same code as the API.
/// </summary>
/// <remarks>
/// The token in the link is the credential. Its first use swaps it for a short session cookie
/// (<see cref="LinkSession"/>) and redirects to <c>/r</c>, so the token is not left in the address bar, history or
/// later logs. Forgery: the form carries a hidden proof (an HMAC of the link id) that only a page this app
/// rendered has, so a page elsewhere cannot post to the form with the officer's session.
/// </remarks>
public static class ReturnPages
{
    private static readonly CultureInfo Uk = CultureInfo.InvariantCulture;

    public static IEndpointRouteBuilder MapReturnPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/r/{token}", OpenLinkAsync).WithName("ReturnForm").AllowAnonymous();
        app.MapGet(LinkSession.FormPath, FormAsync).WithName("ReturnFormSession").AllowAnonymous();
        app.MapPost(LinkSession.FormPath, SubmitFormAsync).WithName("SubmitReturnForm").AllowAnonymous().DisableAntiforgery();
        app.MapGet("/partnerships/{partnershipId}/returns/{period}", StatusPageAsync).WithName("ReturnsStatusPage").AllowAnonymous();
        return app;
    }

    /// <summary>The personal link itself: checks the token, starts the form's session, and sends the browser on to <c>/r</c>.</summary>
    public static async Task<IResult> OpenLinkAsync(HttpContext http, string token, PageRenderer pages, PersonalLinks links, TimeProvider time, CancellationToken cancellationToken)
    {
        var check = await links.CheckAsync(token, cancellationToken);
        if (!check.IsValid)
        {
            return Refused(pages, check.Refusal);
        }

        await LinkSession.SignInAsync(http, check.Link!, time);
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers["Referrer-Policy"] = "no-referrer";
        return TypedResults.Redirect(LinkSession.FormPath);
    }

    public static async Task<IResult> FormAsync(
        HttpContext http, PageRenderer pages, PersonalLinks links, StrategyStore strategies, ReturnSubmissions submissions, ReturnStore store, ReturnReviewStore reviews, TimeProvider time, CancellationToken cancellationToken)
    {
        var (link, refusal) = await SessionLinkAsync(http, pages, links, cancellationToken);
        if (link is null)
        {
            return refusal!;
        }

        var (context, closed) = await CurrentContextAsync(link, strategies, submissions, time, cancellationToken);
        if (closed is not null)
        {
            return pages.Message("No return is due now", closed);
        }

        var latest = await store.GetLatestAsync(link.PartnershipId, context!.Window.Period, link.PartnerId, cancellationToken);
        var current = latest?.Return;
        var form = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (current is not null)
        {
            foreach (var (id, value) in current.Values)
            {
                switch (value)
                {
                    case RatioValue ratio:
                        form[$"values.{id}.numerator"] = ratio.Numerator.ToString(Uk);
                        form[$"values.{id}.denominator"] = ratio.Denominator.ToString(Uk);
                        break;
                    case YesNoValue yesNo:
                        form[$"values.{id}"] = yesNo.Value ? "yes" : "no";
                        break;
                    case CountValue count:
                        form[$"values.{id}"] = count.Value.ToString(Uk);
                        break;
                    case AmountValue amount:
                        form[$"values.{id}"] = amount.Value.ToString(Uk);
                        break;
                }
            }

            form["narrative.achievements"] = current.Narrative.Achievements;
            form["narrative.nextSteps"] = current.Narrative.NextSteps;
            form["narrative.risks"] = current.Narrative.Risks;
            form["submittedBy"] = current.SubmittedBy;
        }

        return await RenderFormAsync(pages, links, store, reviews, link, context, form, latest?.ETag.ToString(), current?.Version, [], cancellationToken);
    }

    public static async Task<IResult> SubmitFormAsync(
        HttpContext http, PageRenderer pages, PersonalLinks links, StrategyStore strategies, ReturnSubmissions submissions, ReturnStore store, ReturnReviewStore reviews, CancellationToken cancellationToken)
    {
        var (link, refusal) = await SessionLinkAsync(http, pages, links, cancellationToken);
        if (link is null)
        {
            return refusal!;
        }

        IFormCollection posted;
        try
        {
            posted = http.Request.HasFormContentType ? await http.Request.ReadFormAsync(cancellationToken) : FormCollection.Empty;
        }
        catch (InvalidDataException)
        {
            // Past the form limits (field count, sizes): no form of ours comes near them.
            posted = FormCollection.Empty;
        }

        if (!links.IsFormProof(link, posted["proof"]) || !Period.TryParse(posted["period"], out var period))
        {
            return pages.Message(
                "The form could not be accepted",
                ["It did not come from your return form. Open your personal link again and fill in the form there."],
                StatusCodes.Status403Forbidden);
        }

        var published = await strategies.GetCurrentAsync(link.PartnershipId, cancellationToken);
        var partner = published?.Strategy.FindPartner(link.PartnerId);
        if (published is null || partner is null || !published.Strategy.Covers(period))
        {
            return pages.Message("No return is due now", ["Your partnership no longer expects a return from this link. Contact your partnership's admin."], StatusCodes.Status404NotFound);
        }

        var form = posted.ToDictionary(pair => pair.Key, pair => (string?)pair.Value.ToString(), StringComparer.Ordinal);
        var body = ToBody(form, published.Strategy.MeasuresFor(partner));
        var etag = string.IsNullOrEmpty(form.GetValueOrDefault("etag")) ? null : form["etag"];
        try
        {
            var result = await submissions.SubmitAsync(
                link.PartnershipId, period, link.PartnerId, body.ToJsonString(), etag, form.GetValueOrDefault("submission"),
                $"Personal link for {partner.Name}", $"link:{link.Id}", cancellationToken);
            return Confirmation(pages, published.Strategy, partner, result.Receipt);
        }
        catch (ProblemException e) when (e.Status == StatusCodes.Status422UnprocessableEntity && e.Errors is not null)
        {
            var errors = e.Errors.Select(pair => new FieldError(FieldId(pair.Key), pair.Value[0])).ToList();
            var context = await submissions.GetContextAsync(published, partner, period, cancellationToken);
            return await RenderFormAsync(pages, links, store, reviews, link, context, form, etag, null, errors, cancellationToken, StatusCodes.Status422UnprocessableEntity);
        }
        catch (ProblemException e) when (e.Status is StatusCodes.Status412PreconditionFailed or StatusCodes.Status428PreconditionRequired)
        {
            var latest = await store.GetLatestAsync(link.PartnershipId, period, link.PartnerId, cancellationToken);
            var first = published.Strategy.MeasuresFor(partner).FirstOrDefault();
            var context = await submissions.GetContextAsync(published, partner, period, cancellationToken);
            var message = $"Version {latest?.Return.Version} of this return was submitted by {latest?.Return.SubmittedBy} while you were filling in the form. Check your figures against it and submit again.";
            return await RenderFormAsync(
                pages, links, store, reviews, link, context, form, latest?.ETag.ToString(), latest?.Return.Version,
                [new FieldError(first is null ? "narrative-achievements" : FieldId($"values.{first.Id}" + (first.Kind == MeasureKind.Ratio ? ".numerator" : "")), message)],
                cancellationToken,
                StatusCodes.Status409Conflict);
        }
        catch (ProblemException e) when (e.Status is StatusCodes.Status409Conflict or StatusCodes.Status423Locked)
        {
            return pages.Message(e.Title, [e.Detail ?? e.Title], e.Status);
        }
    }

    public static async Task<IResult> StatusPageAsync(
        HttpContext http, string partnershipId, string period, PageRenderer pages, StrategyStore strategies, ReturnStore store, ReturnReviewStore reviews, TimeProvider time, CancellationToken cancellationToken)
    {
        if (LeadPageAccess.Refuse(http, pages, partnershipId) is { } refusal)
        {
            return refusal;
        }

        if (!Period.TryParse(period, out var at))
        {
            return pages.Message("Page not found", ["Check the address: it names a period such as 2026-27-Q2."], StatusCodes.Status404NotFound);
        }

        var published = await strategies.GetCurrentAsync(partnershipId, cancellationToken);
        if (published is null || !published.Strategy.Covers(at))
        {
            return pages.Message("Page not found", [$"'{partnershipId}' has no period {at.Id}."], StatusCodes.Status404NotFound);
        }

        var completeness = await ReturnsApi.CompletenessAsync(published.Strategy, at, store, time.GetUtcNow(), cancellationToken);
        var states = await reviews.ListStatesAsync(partnershipId, at, cancellationToken);
        var rows = completeness.OnTime.Select(r => Row(partnershipId, at, r, "On time", "nhsuk-tag--green", states))
            .Concat(completeness.Late.Select(r => Row(partnershipId, at, r, "Late", "nhsuk-tag--orange", states)))
            .Concat(completeness.Missing.Select(m => new ReturnStatusRow(m.Name, "Missing", "nhsuk-tag--red", null, null, null)))
            .OrderBy(r => r.Name, StringComparer.Ordinal)
            .ToList();
        return pages.Render($"Returns for {at.Id}", new ReturnsStatusPage(
            published.Strategy.Name,
            at.Id,
            completeness.Window.DueOn,
            completeness.Window.ClosesOn,
            completeness.Expected,
            completeness.Received,
            completeness.Late.Count,
            completeness.Missing.Count,
            completeness.Window.Reopened,
            completeness.OnTime.Concat(completeness.Late).Any(r => r.IsSampleData),
            rows,
            Chasing.ChasingPages.Href(partnershipId, at)));
    }

    private static ReturnStatusRow Row(string partnershipId, Period period, ReturnsApi.ReceivedReturn r, string status, string tag, IReadOnlyDictionary<string, ReviewStatus> states)
    {
        var review = states.TryGetValue(r.Partner, out var found) ? found.State : ReviewState.AwaitingReview;
        return new(
            r.Name, status, tag, r.Version.ToString(Uk), ReportFormat.Moment(r.SubmittedAt), r.SubmittedBy,
            $"/partnerships/{partnershipId}/returns/{period.Id}/{r.Partner}", ReturnReviewPages.StateLabel(review), ReturnReviewPages.StateTag(review));
    }

    /// <summary>The form's fields as the PUT body: numbers that read as numbers, anything else as text the domain names as wrong.</summary>
    public static JsonObject ToBody(IReadOnlyDictionary<string, string?> form, IReadOnlyList<SuccessMeasure> measures)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(measures);
        var values = new JsonObject();
        foreach (var measure in measures)
        {
            var name = $"values.{measure.Id}";
            switch (measure.Kind)
            {
                case MeasureKind.Ratio:
                    var ratio = new JsonObject();
                    if (Number(form.GetValueOrDefault($"{name}.numerator")) is { } numerator)
                    {
                        ratio["numerator"] = numerator;
                    }

                    if (Number(form.GetValueOrDefault($"{name}.denominator")) is { } denominator)
                    {
                        ratio["denominator"] = denominator;
                    }

                    if (ratio.Count > 0)
                    {
                        values[measure.Id] = ratio;
                    }

                    break;
                case MeasureKind.YesNo:
                    var answer = form.GetValueOrDefault(name);
                    if (answer is "yes" or "no")
                    {
                        values[measure.Id] = answer == "yes";
                    }

                    break;
                default:
                    if (Number(form.GetValueOrDefault(name)) is { } number)
                    {
                        values[measure.Id] = number;
                    }

                    break;
            }
        }

        var body = new JsonObject
        {
            ["values"] = values,
            ["narrative"] = new JsonObject
            {
                ["achievements"] = form.GetValueOrDefault("narrative.achievements") ?? "",
                ["nextSteps"] = form.GetValueOrDefault("narrative.nextSteps") ?? "",
                ["risks"] = form.GetValueOrDefault("narrative.risks") ?? "",
            },
        };
        if (!string.IsNullOrWhiteSpace(form.GetValueOrDefault("submittedBy")))
        {
            body["submittedBy"] = form["submittedBy"];
        }

        return body;
    }

    // People type "1,250" or "£1,250.50": those are numbers. Anything else goes on as text, so the error names it.
    private static JsonNode? Number(string? text)
    {
        var trimmed = text?.Trim().Replace(",", "", StringComparison.Ordinal).TrimStart('£');
        if (string.IsNullOrEmpty(trimmed))
        {
            return null;
        }

        return decimal.TryParse(trimmed, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, Uk, out var number)
            ? JsonValue.Create(number)
            : JsonValue.Create(text!.Trim());
    }

    private static string FieldId(string path) => path.Replace('.', '-');

    // The session's link, checked again now: a link revoked or expired since the session began ends it.
    internal static async Task<(PersonalLink? Link, IResult? Refusal)> SessionLinkAsync(HttpContext http, PageRenderer pages, PersonalLinks links, CancellationToken cancellationToken)
    {
        if (await LinkSession.ReadAsync(http) is not { } session)
        {
            return (null, pages.Message(
                "Open your personal link again",
                ["The return form opens from the personal link your partnership sent you, and stays open for a couple of hours. Open the link from the message again."],
                StatusCodes.Status401Unauthorized));
        }

        var check = await links.CheckIssuedAsync(session.PartnershipId, session.LinkId, session.PartnerId, cancellationToken);
        if (!check.IsValid)
        {
            await LinkSession.SignOutAsync(http);
            return (null, Refused(pages, check.Refusal));
        }

        return (check.Link, null);
    }

    private static IResult Refused(PageRenderer pages, LinkRefusal refusal) => refusal switch
    {
        LinkRefusal.Expired => pages.Message(
            "This link has expired",
            ["Personal links to the return form last for a limited time. Ask your partnership's admin for a new link."],
            StatusCodes.Status410Gone),
        LinkRefusal.Revoked => pages.Message(
            "This link has been withdrawn",
            ["Your partnership's admin has withdrawn this link. Ask them for a new one if you still need to send a return."],
            StatusCodes.Status410Gone),
        _ => pages.Message(
            "This link is not valid",
            ["Check that you copied the whole link from the message your partnership sent you. If it still does not work, ask your partnership's admin for a new link."],
            StatusCodes.Status403Forbidden),
    };

    internal static async Task<(ReturnContext? Context, IReadOnlyList<string>? Closed)> CurrentContextAsync(
        PersonalLink link, StrategyStore strategies, ReturnSubmissions submissions, TimeProvider time, CancellationToken cancellationToken)
    {
        var published = await strategies.GetCurrentAsync(link.PartnershipId, cancellationToken);
        var partner = published?.Strategy.FindPartner(link.PartnerId);
        if (published is null || partner is null)
        {
            return (null, ["Your partnership no longer expects returns from this link. Contact your partnership's admin."]);
        }

        var strategy = published.Strategy;
        var now = time.GetUtcNow();
        var period = strategy.Calendar.CurrentPeriod(now);
        var next = strategy.Calendar.WindowFor(period.Next());
        var nextOpens = strategy.Covers(next.Period) ? $"Returns for {next.Period.Id} open on {FormatDay(next.OpensOn)}." : "There are no more returns in this strategy.";
        if (!strategy.Covers(period))
        {
            var first = strategy.Calendar.WindowFor(strategy.FirstPeriod);
            return (null, period < strategy.FirstPeriod
                ? [$"Returns for {first.Period.Id} open on {FormatDay(first.OpensOn)}."]
                : ["There are no more returns in this strategy."]);
        }

        var context = await submissions.GetContextAsync(published, partner, period, cancellationToken);
        return context.State switch
        {
            ReturnsWindowState.NotYetOpen => (null, [$"Returns for {period.Id} open on {FormatDay(context.Window.OpensOn)}."]),
            _ when !context.AcceptsReturns => (null, [$"Returns for {period.Id} closed on {FormatDay(context.Window.ClosesOn)}.", nextOpens]),
            _ => (context, null),
        };
    }

    private static async Task<IResult> RenderFormAsync(
        PageRenderer pages,
        PersonalLinks links,
        ReturnStore store,
        ReturnReviewStore reviews,
        PersonalLink link,
        ReturnContext context,
        IReadOnlyDictionary<string, string?> form,
        string? etag,
        int? version,
        IReadOnlyList<FieldError> errors,
        CancellationToken cancellationToken,
        int status = StatusCodes.Status200OK)
    {
        var strategy = context.Strategy.Strategy;
        var period = context.Window.Period;
        var previous = period > strategy.FirstPeriod
            ? (await store.GetLatestAsync(link.PartnershipId, period.Previous(), link.PartnerId, cancellationToken))?.Return
            : null;
        var errorOf = errors.ToDictionary(e => e.FieldId, e => e.Message, StringComparer.Ordinal);
        var fields = strategy.MeasuresFor(context.Partner).Select(measure => Field(measure, form, errorOf, previous)).ToList();
        return pages.Render(
            $"Quarterly return for {period.Id}",
            new ReturnFormPage(
                Errors: errors,
                Action: LinkSession.FormPath,
                Proof: links.FormProof(link),
                Submission: Guid.NewGuid().ToString("N"),
                Period: period.Id,
                ETag: etag,
                Version: version,
                PartnerName: context.Partner.Name,
                PartnershipName: strategy.Name,
                DueOn: FormatDay(context.Window.DueOn),
                IsLate: context.State != ReturnsWindowState.Open,
                PreviousPeriod: previous is null ? null : period.Previous().Id,
                Fields: fields,
                Narrative:
                [
                    Text("narrative.achievements", "Achievements this quarter", "What went well: the highlight report quotes this.", form, errorOf),
                    Text("narrative.nextSteps", "Next steps", "What you will do next quarter.", form, errorOf),
                    Text("narrative.risks", "Risks and issues", "Anything that could stop you meeting the measures.", form, errorOf),
                ],
                MaxLength: ReturnValidator.NarrativeMaxLength,
                SubmittedBy: Text("submittedBy", "Your name", "So the partnership knows who to contact about this return.", form, errorOf),
                Upload: ReturnUploadPages.Form(links, link, period),
                OpenQuery: await reviews.GetOpenQueryAsync(link.PartnershipId, period, link.PartnerId, cancellationToken) is { } query ? ReturnQueryView.Of(query, strategy) : null),
            status,
            hasErrors: errors.Count > 0);
    }

    private static ReturnField Field(SuccessMeasure measure, IReadOnlyDictionary<string, string?> form, Dictionary<string, string> errorOf, QuarterlyReturn? previous)
    {
        var name = $"values.{measure.Id}";
        var id = FieldId(name);
        var last = previous?.Values.GetValueOrDefault(measure.Id) is { } value ? MeasureValueJson.Display(value) : null;
        // A unit the name already says ("Volunteers (volunteers)") or a percentage the officer never types adds nothing.
        var unit = measure.Unit is SuccessMeasure.PercentUnit or "" || measure.Name.Contains(measure.Unit, StringComparison.OrdinalIgnoreCase) ? null : measure.Unit;
        var error = errorOf.GetValueOrDefault(id);
        return measure.Kind switch
        {
            MeasureKind.Ratio => new ReturnField(
                id, name, measure.Name, measure.Description, false, true, false, null, error, last,
                Numerator: Part(measure.NumeratorLabel ?? "Numerator", $"{name}.numerator", form, errorOf),
                Denominator: Part(measure.DenominatorLabel ?? "Denominator", $"{name}.denominator", form, errorOf)),
            MeasureKind.YesNo => new ReturnField(
                id, name, measure.Name, measure.Description, false, false, true, null, error, last,
                Yes: form.GetValueOrDefault(name) == "yes", No: form.GetValueOrDefault(name) == "no"),
            _ => new ReturnField(id, name, unit is null ? measure.Name : $"{measure.Name} ({unit})", measure.Description, true, false, false, form.GetValueOrDefault(name), error, last),
        };
    }

    private static ReturnField Part(string label, string name, IReadOnlyDictionary<string, string?> form, Dictionary<string, string> errorOf) =>
        new(FieldId(name), name, label, null, true, false, false, form.GetValueOrDefault(name), errorOf.GetValueOrDefault(FieldId(name)), null);

    private static ReturnTextField Text(string name, string label, string hint, IReadOnlyDictionary<string, string?> form, Dictionary<string, string> errorOf) =>
        new(FieldId(name), name, label, hint, form.GetValueOrDefault(name), errorOf.GetValueOrDefault(FieldId(name)));

    private static IResult Confirmation(PageRenderer pages, Strategy strategy, Partner partner, ReturnReceipt receipt) =>
        pages.Render("Return submitted", new ReturnConfirmationPage(
            $"{receipt.PartnershipId}/{receipt.Period.Id}/{receipt.Partner}/v{receipt.Version}".ToUpperInvariant(),
            partner.Name,
            strategy.Name,
            receipt.Period.Id,
            receipt.Version,
            ReportFormat.Moment(receipt.SubmittedAt),
            receipt.SubmittedBy,
            receipt.IsLate,
            [.. receipt.Warnings.Select(w => w.Message)],
            LinkSession.FormPath));

    private static string FormatDay(DateOnly day) => ReportFormat.Date(day);
}
