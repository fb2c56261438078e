namespace StrategyReports.TestSupport;

/// <summary>Finds files of this repository from a test's output folder.</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> RootLazy = new(FindRoot);

    /// <summary>The folder that holds StrategyReports.sln.</summary>
    public static string Root => RootLazy.Value;

    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "StrategyReports.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"StrategyReports.sln not found above {AppContext.BaseDirectory}.");
    }
}
