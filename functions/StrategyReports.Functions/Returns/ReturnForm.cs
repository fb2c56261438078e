using Microsoft.AspNetCore.Mvc;
using StrategyReports.Domain;
using StrategyReports.Domain.Failures;
using StrategyReports.Domain.Periods;
using StrategyReports.Domain.Strategies;
using StrategyReports.Functions.Errors;
using StrategyReports.Functions.Layout;
using StrategyReports.Functions.Security;
using StrategyReports.Functions.Strategies;

namespace StrategyReports.Functions.Returns;

/// <summary>The services the return form's pages use, bound with <c>[AsParameters]</c>.</summary>
public sealed record ReturnFormServices(
    [property: FromServices] PageRenderer Pages,
    [property: FromServices] PersonalLinks Links,
    [property: FromServices] StrategyStore Strategies,
    [property: FromServices] ReturnSubmissions Submissions,
    [property: FromServices] ReturnStore Store,
    [property: FromServices] ReturnDrafts Drafts,
    [property: FromServices] ReturnReviewStore Reviews,
    [property: FromServices] TimeProvider Time);

/// <summary>
/// The pages behind a returns officer's personal link: the partner's page at <c>/r</c>, and the return form for a
/// period at <c>/r/returns/{period}</c> with its three steps (save as draft, continue to check your answers, submit).
/// Every step is checked by the same code as the API: <see cref="ReturnSubmissions"/> and <see cref="ReturnDrafts"/>.
/// </summary>
/// <remarks>
/// The token in the link is the credential. Its first use swaps it for a short session cookie
/// (<see cref="LinkSession"/>, sent only under <c>/r</c>) and redirects to <c>/r</c>, so the token is not left in the
/// address bar, history or later logs. Forgery: each form carries a hidden proof (an HMAC of the link id) that only a
/// page this app rendered has, so a page elsewhere cannot post with the officer's session.
/// </remarks>
public static class ReturnForm
{
    public const string ReturnsPath = LinkSession.FormPath + "/returns";

    /// <summary>The form for a period, under the session cookie's path.</summary>
    public static string PathFor(Period period) => $"{ReturnsPath}/{period.Id}";

    /// <summary>Where "Continue" posts the form to check the answers.</summary>
    public static string CheckPathFor(Period period) => $"{PathFor(period)}/check";

    public static IEndpointRouteBuilder MapReturnForm(this IEndpointRouteBuilder app)
    {
        app.MapGet("/r/{token}", OpenLinkAsync).WithName("ReturnForm").AllowAnonymous();
        app.MapGet(LinkSession.FormPath, PartnerPage.ShowAsync).WithName("ReturnFormSession").AllowAnonymous();
        app.MapGet(ReturnsPath + "/{period}", FormAsync).WithName("ReturnFormForPeriod").AllowAnonymous();
        app.MapPost(ReturnsPath + "/{period}", (HttpContext http, string period, [AsParameters] ReturnFormServices services, CancellationToken cancellationToken) =>
                PostAsync(http, period, services, cancellationToken))
            .WithName("PostReturnFormForPeriod").AllowAnonymous().DisableAntiforgery();

        // "Continue" posts here, so the answers page has an address of its own: its "Change" links to the form
        // then load the form, where the same address with a fragment would only scroll the answers page.
        app.MapPost(ReturnsPath + "/{period}/check", (HttpContext http, string period, [AsParameters] ReturnFormServices services, CancellationToken cancellationToken) =>
                PostAsync(http, period, services, cancellationToken))
            .WithName("CheckReturnForm").AllowAnonymous().DisableAntiforgery();

        // A form page rendered before forms had an address per period posts here; its period is in the form.
        app.MapPost(LinkSession.FormPath, (HttpContext http, [AsParameters] ReturnFormServices services, CancellationToken cancellationToken) =>
                PostAsync(http, null, services, cancellationToken))
            .WithName("SubmitReturnForm").AllowAnonymous().DisableAntiforgery();
        return app;
    }

    /// <summary>The personal link itself: checks the token, starts the session, and sends the browser on to the partner's page.</summary>
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

    /// <summary>The form for a period that takes returns, showing the draft if one is newer than the latest version, else the latest version.</summary>
    public static async Task<IResult> FormAsync(HttpContext http, string period, [AsParameters] ReturnFormServices services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        var (link, refusal) = await SessionLinkAsync(http, services.Pages, services.Links, cancellationToken);
        if (link is null)
        {
            return refusal!;
        }

        var (context, closed) = await ContextAsync(link, period, services, cancellationToken);
        if (context is null)
        {
            return closed!;
        }

        var at = context.Window.Period;
        var latest = await services.Store.GetLatestAsync(link.PartnershipId, at, link.PartnerId, cancellationToken);
        var draft = await services.Drafts.GetAsync(context, cancellationToken);
        var useDraft = draft is not null && (latest is null || draft.SavedAt > latest.Return.SubmittedAt);
        var form = useDraft
            ? ReturnFormView.FromBody(draft!.Body)
            : latest is null ? [] : ReturnFormView.FromBody(ReturnFormView.ToBody(latest.Return));
        return await ReturnFormView.FormAsync(
            services, link, context, form, latest?.ETag.ToString(), latest?.Return.Version, [],
            useDraft ? draft!.SavedAt : null, draftJustSaved: false, cancellationToken);
    }

    /// <summary>One post of the form: "Save as draft", "Continue" to the answers, or "Submit" from them (a post with no step, from an older page, submits).</summary>
    public static async Task<IResult> PostAsync(HttpContext http, string? routePeriod, ReturnFormServices services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(services);
        var pages = services.Pages;
        var (link, refusal) = await SessionLinkAsync(http, pages, services.Links, cancellationToken);
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

        if (!services.Links.IsFormProof(link, posted["proof"])
            || !Period.TryParse(posted["period"], out var period)
            || (routePeriod is not null && routePeriod != period.Id))
        {
            return pages.Message(
                "The form could not be accepted",
                ["It did not come from your return form. Open your personal link again and fill in the form there."],
                StatusCodes.Status403Forbidden);
        }

        if (await ExpectedReturnAsync(link, period, services.Strategies, cancellationToken) is not (var published, var partner))
        {
            return pages.Message("No return is due now", ["Your partnership no longer expects a return from this link. Contact your partnership's admin."], StatusCodes.Status404NotFound);
        }

        var form = posted.ToDictionary(pair => pair.Key, pair => (string?)pair.Value.ToString(), StringComparer.Ordinal);
        var measures = published.Strategy.MeasuresFor(partner);
        var body = ReturnFormView.ToBody(form, measures);
        var etag = string.IsNullOrEmpty(form.GetValueOrDefault("etag")) ? null : form["etag"];
        var context = await services.Submissions.GetContextAsync(published, partner, period, cancellationToken);
        try
        {
            switch (form.GetValueOrDefault("action"))
            {
                case "draft":
                    var draft = await services.Drafts.SaveAsync(link.PartnershipId, period, link.PartnerId, body, $"link:{link.Id}", cancellationToken);
                    return await ReturnFormView.FormAsync(services, link, context, form, etag, null, [], draft.SavedAt, draftJustSaved: true, cancellationToken);
                case "continue":
                    await services.Submissions.CheckAsync(context, body.ToJsonString(), cancellationToken);
                    // Kept as a draft too, so each "Change" link opens the form with these answers in it.
                    await services.Drafts.SaveAsync(link.PartnershipId, period, link.PartnerId, body, $"link:{link.Id}", cancellationToken);
                    return ReturnFormView.Check(services, link, context, form, etag);
                default:
                    var result = await services.Submissions.SubmitAsync(
                        link.PartnershipId, period, link.PartnerId, body.ToJsonString(), etag, form.GetValueOrDefault("submission"),
                        $"Personal link for {partner.Name}", $"link:{link.Id}", cancellationToken);
                    await services.Drafts.DiscardAsync(link.PartnershipId, period, link.PartnerId, cancellationToken);
                    return ReturnFormView.Confirmation(pages, published.Strategy, partner, result.Receipt);
            }
        }
        catch (ValidationFailedException e)
        {
            var errors = e.Errors.Select(pair => new FieldError(ReturnFormView.FieldId(pair.Key), pair.Value[0])).ToList();
            return await ReturnFormView.FormAsync(services, link, context, form, etag, null, errors, null, draftJustSaved: false, cancellationToken, StatusCodes.Status422UnprocessableEntity);
        }
        catch (PreconditionFailedException)
        {
            var latest = await services.Store.GetLatestAsync(link.PartnershipId, period, link.PartnerId, cancellationToken);
            var first = measures.FirstOrDefault();
            var message = $"Version {latest?.Return.Version} of this return was submitted by {latest?.Return.SubmittedBy} while you were filling in the form. Check your figures against it and submit again.";
            return await ReturnFormView.FormAsync(
                services, link, context, form, latest?.ETag.ToString(), latest?.Return.Version,
                [new FieldError(first is null ? "narrative-achievements" : ReturnFormView.FieldId($"values.{first.Id}" + (first.Kind == MeasureKind.Ratio ? ".numerator" : "")), message)],
                null,
                draftJustSaved: false,
                cancellationToken,
                StatusCodes.Status409Conflict);
        }
        catch (DomainException e) when (e is ConflictException or ClosedException)
        {
            return pages.Message(e.Title, [e.Message], RefusalStatus.Of(e));
        }
    }

    // The strategy and partner a post from the link's form is for, while the partnership still expects its return for the period.
    internal static async Task<(PublishedStrategy Published, Partner Partner)?> ExpectedReturnAsync(
        PersonalLink link, Period period, StrategyStore strategies, CancellationToken cancellationToken)
    {
        var published = await strategies.GetCurrentAsync(link.PartnershipId, cancellationToken);
        return published?.Strategy.FindPartner(link.PartnerId) is { } partner && published.Strategy.Covers(period) ? (published, partner) : null;
    }

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

    // The period the address names, if the link's partnership takes returns for it now; otherwise the page that says why not.
    private static async Task<(ReturnContext? Context, IResult? Refusal)> ContextAsync(PersonalLink link, string period, ReturnFormServices services, CancellationToken cancellationToken)
    {
        var pages = services.Pages;
        var published = await services.Strategies.GetCurrentAsync(link.PartnershipId, cancellationToken);
        var partner = published?.Strategy.FindPartner(link.PartnerId);
        if (published is null || partner is null)
        {
            return (null, pages.Message("No return is due now", ["Your partnership no longer expects returns from this link. Contact your partnership's admin."]));
        }

        if (!Period.TryParse(period, out var at) || !published.Strategy.Covers(at))
        {
            return (null, pages.Message(
                "Page not found",
                ["Your partnership has no return for this period. Go back to your returns and choose one from the list."],
                StatusCodes.Status404NotFound,
                new PageLink("Your returns", LinkSession.FormPath)));
        }

        var context = await services.Submissions.GetContextAsync(published, partner, at, cancellationToken);
        var name = Formatting.PeriodWithId(at);
        return context.State switch
        {
            ReturnsWindowState.NotYetOpen => (null, pages.Message("This return is not open yet", [$"Returns for {name} open on {Formatting.Date(context.Window.OpensOn)}."], link: new PageLink("Your returns", LinkSession.FormPath))),
            _ when !context.AcceptsReturns => (null, pages.Message("This return is closed", [$"Returns for {name} closed on {Formatting.Date(context.Window.ClosesOn)}. Ask your partnership's admin to reopen the period if you still need to send it."], link: new PageLink("Your returns", LinkSession.FormPath))),
            _ => (context, null),
        };
    }

    /// <summary>The quarter whose returns are being collected now, for the spreadsheet download; a page saying why there is none otherwise.</summary>
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
        var period = strategy.Calendar.CurrentPeriod(time.GetUtcNow());
        var next = strategy.Calendar.WindowFor(period.Next());
        var nextOpens = strategy.Covers(next.Period) ? $"Returns for {Formatting.PeriodWithId(next.Period)} open on {Formatting.Date(next.OpensOn)}." : "There are no more returns in this strategy.";
        if (!strategy.Covers(period))
        {
            var first = strategy.Calendar.WindowFor(strategy.FirstPeriod);
            return (null, period < strategy.FirstPeriod
                ? [$"Returns for {Formatting.PeriodWithId(first.Period)} open on {Formatting.Date(first.OpensOn)}."]
                : ["There are no more returns in this strategy."]);
        }

        var context = await submissions.GetContextAsync(published, partner, period, cancellationToken);
        return context.State switch
        {
            ReturnsWindowState.NotYetOpen => (null, [$"Returns for {Formatting.PeriodWithId(period)} open on {Formatting.Date(context.Window.OpensOn)}."]),
            _ when !context.AcceptsReturns => (null, [$"Returns for {Formatting.PeriodWithId(period)} closed on {Formatting.Date(context.Window.ClosesOn)}.", nextOpens]),
            _ => (context, null),
        };
    }
}
