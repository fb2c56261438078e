var app = WebApplication.Create(args);
app.MapGet("/", () => TypedResults.Ok("StrategyReports"));
app.Run();
