using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using StrategyReports.Functions.Strategies;

namespace StrategyReports.Functions.Reports;

/// <summary>The caller and the services that read a period's reports in <see cref="ReportsApi"/>, bound with <c>[AsParameters]</c>.</summary>
public sealed record ReportsApiServices(
    ClaimsPrincipal User,
    [property: FromServices] ReportStore Store,
    [property: FromServices] StrategyStore Strategies);
