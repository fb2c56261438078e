using System.Text.Json;
using System.Text.Json.Serialization;

namespace StrategyReports.Functions.Hosting;

/// <summary>One binding of a <c>function.json</c>.</summary>
public sealed record FunctionBinding(
    string Type,
    string Direction,
    string Name,
    string? Route = null,
    IReadOnlyList<string>? Methods = null,
    string? AuthLevel = null,
    string? Schedule = null,
    bool? RunOnStartup = null,
    bool? UseMonitor = null);

/// <summary>A function as the Functions host sees it: its folder name and its <c>function.json</c>.</summary>
public sealed record FunctionDefinition(string Name, IReadOnlyList<FunctionBinding> Bindings)
{
    public FunctionBinding? Trigger => Bindings.FirstOrDefault(b => b.Direction == "in" && b.Type.EndsWith("Trigger", StringComparison.Ordinal));

    public bool IsTimer => Trigger?.Type == "timerTrigger";

    public bool IsHttp => Trigger?.Type == "httpTrigger";
}

/// <summary>
/// Reads the function folders next to <c>host.json</c>. The same files drive the Functions host in
/// Azure and the app's own timer scheduler when it runs standalone.
/// </summary>
public static class FunctionDefinitions
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    };

    public static IReadOnlyList<FunctionDefinition> Load(string scriptRoot)
    {
        if (!Directory.Exists(scriptRoot))
        {
            throw new DirectoryNotFoundException($"The functions folder '{scriptRoot}' does not exist.");
        }

        return [.. Directory.EnumerateDirectories(scriptRoot)
            .Where(dir => File.Exists(Path.Combine(dir, "function.json")))
            .Order(StringComparer.Ordinal)
            .Select(dir => Read(Path.GetFileName(dir), File.ReadAllText(Path.Combine(dir, "function.json"))))];
    }

    public static FunctionDefinition Read(string name, string functionJson)
    {
        var document = JsonSerializer.Deserialize<FunctionJson>(functionJson, Json)
            ?? throw new FormatException($"{name}/function.json is empty.");
        if (document.Bindings is not { Count: > 0 })
        {
            throw new FormatException($"{name}/function.json has no bindings.");
        }

        return new FunctionDefinition(name, document.Bindings);
    }

    private sealed record FunctionJson(List<FunctionBinding>? Bindings);
}
