using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using StrategyReports.Functions.Strategies;

namespace StrategyReports.Functions.Highlights;

/// <summary>The caller and the services every endpoint of <see cref="HighlightsApi"/> uses, bound with <c>[AsParameters]</c>.</summary>
public sealed record HighlightsApiServices(
    ClaimsPrincipal User,
    [property: FromServices] StrategyStore Strategies,
    [property: FromServices] ProgrammeLogs Logs);
