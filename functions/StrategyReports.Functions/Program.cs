using StrategyReports.Functions.Apis;
using StrategyReports.Functions.Demo;
using StrategyReports.Functions.Errors;
using StrategyReports.Functions.Hosting;
using StrategyReports.Functions.Pages;
using StrategyReports.Functions.Reports;
using StrategyReports.Functions.Returns;
using StrategyReports.Functions.Rollups;
using StrategyReports.Functions.Security;
using StrategyReports.Functions.Storage;
using StrategyReports.Functions.Strategies;
using StrategyReports.Functions.Surveys;

var builder = WebApplication.CreateBuilder(args);
builder.AddFunctionsHosting();
builder.Services.AddProblemHandling();
builder.Services.AddStrategyReportsSecurity(builder.Configuration);
builder.Services.AddStrategyReportsStorage(builder.Configuration);
builder.Services.AddPages(builder.Configuration);
builder.Services.AddSingleton<StrategyStore>();
builder.Services.AddSurveys(builder.Configuration);
builder.Services.AddReports();
builder.Services.AddReturns(builder.Configuration, builder.Environment);
builder.Services.AddRollups();
builder.Services.AddDemo(builder.Configuration);

var app = builder.Build();
app.UseProblemHandling();
app.UseAuthentication();
app.UseAuthorization();
app.MapPages();
app.MapPartnershipPage();
app.MapHealthApi();
app.MapStrategyApi();
app.MapSurveys();
app.MapReports();
app.MapReturns();
app.MapRollupApi();
app.MapTimerFunctions();
app.Run();

/// <summary>The app's entry point; public so tests can host it.</summary>
public partial class Program;
