using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using StrategyReports.Functions.Returns;
using StrategyReports.Functions.Rollups;
using StrategyReports.Functions.Strategies;

namespace StrategyReports.Functions.Exports;

/// <summary>The caller and the services the exports of <see cref="ExportsApi"/> read with, bound with <c>[AsParameters]</c>.</summary>
public sealed record ExportsApiServices(
    ClaimsPrincipal User,
    [property: FromServices] StrategyStore Strategies,
    [property: FromServices] ReturnStore Returns,
    [property: FromServices] IRollupReader Rollups,
    [property: FromServices] TimeProvider Time);
