using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using StrategyReports.Functions.Layout;
using StrategyReports.Functions.Strategies;

namespace StrategyReports.Functions.Chasing;

/// <summary>What the chasing page's requests use besides the address, bound with <c>[AsParameters]</c>.</summary>
public sealed record ChasingPageContext(
    HttpContext Http,
    [property: FromServices] PageRenderer Pages,
    [property: FromServices] ChasingReturns Chasing,
    [property: FromServices] StrategyStore Strategies,
    [property: FromServices] IAntiforgery Antiforgery);
