using StrategyReports.Functions;

var builder = WebApplication.CreateBuilder(args);
builder.AddStrategyReports();

var app = builder.Build();
app.MapStrategyReports();
app.Run();

/// <summary>The app's entry point; public so tests can host it.</summary>
public partial class Program;
