using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using StrategyReports.Functions.Strategies;

namespace StrategyReports.Functions.Returns;

/// <summary>The caller and the services reading a return through <see cref="ReturnsApi"/> takes, bound with <c>[AsParameters]</c>.</summary>
public sealed record ReturnsApiServices(
    ClaimsPrincipal User,
    [property: FromServices] ReturnStore Store,
    [property: FromServices] StrategyStore Strategies,
    [property: FromServices] ReturnReviews Reviews);
