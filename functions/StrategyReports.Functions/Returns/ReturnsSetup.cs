using StrategyReports.Functions.Hosting;
namespace StrategyReports.Functions.Returns;

public static class ReturnsSetup
{
    /// <summary>Returns: submissions, drafts, imports, reviews, completeness and reopening a period.</summary>
    public static IServiceCollection AddReturns(this IServiceCollection services)
    {
        services.AddSingleton<ReturnStore>();
        services.AddSingleton<ReturnSubmissions>();
        services.AddSingleton<ReturnDraftStore>();
        services.AddSingleton<ReturnDrafts>();
        services.AddSingleton<ReturnImports>();
        services.AddSingleton<ReturnReviewStore>();
        services.AddSingleton<ReturnReviews>();
        services.AddSingleton<ReturnsCompleteness>();
        services.AddSingleton<PeriodReopening>();
        services.AddGeneratedJson(ReturnsJson.Default);
        return services;
    }

    /// <summary>The returns API (submissions, drafts, reviews, reopening) and the pages of partners and leads.</summary>
    public static IEndpointRouteBuilder MapReturns(this IEndpointRouteBuilder app)
    {
        app.MapReturnsApi();
        app.MapReturnDraftsApi();
        app.MapReturnReviewsApi();
        app.MapReturnReviewPages();
        app.MapReturnForm();
        app.MapReturnPages();
        app.MapReturnUploadPages();
        return app;
    }
}
