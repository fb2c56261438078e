namespace StrategyReports.TestSupport;

/// <summary>
/// Test categories, as <c>[Trait(Categories.Name, Categories.Slow)]</c>. CI runs every test; a developer can leave
/// the slow ones out locally with <c>scripts/test --filter "Category!=Slow"</c>.
/// </summary>
public static class Categories
{
    public const string Name = "Category";

    /// <summary>Takes many seconds on its own: publishing the app, waiting out leases, starting, killing or restarting processes, long browser journeys.</summary>
    public const string Slow = "Slow";
}
