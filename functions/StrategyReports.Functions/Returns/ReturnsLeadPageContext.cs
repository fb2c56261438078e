using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using StrategyReports.Functions.Layout;
using StrategyReports.Functions.Strategies;

namespace StrategyReports.Functions.Returns;

/// <summary>
/// What the lead's returns pages (<see cref="ReturnPages"/>, <see cref="ReturnReviewPages"/>) use besides the address,
/// bound with <c>[AsParameters]</c>.
/// </summary>
public sealed record ReturnsLeadPageContext(
    HttpContext Http,
    [property: FromServices] PageRenderer Pages,
    [property: FromServices] IAntiforgery Antiforgery,
    [property: FromServices] StrategyStore Strategies,
    [property: FromServices] ReturnStore Returns,
    [property: FromServices] ReturnReviewStore Reviews,
    [property: FromServices] ReturnsCompleteness Completeness);
