using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using StrategyReports.Functions.Hosting;
using StrategyReports.TestSupport;

namespace StrategyReports.Functions.Tests.Hosting;

/// <summary>
/// The Functions host only knows what the function folders declare, and the app only serves what it
/// maps: these must agree, or a route works locally and 404s in Azure (or the other way round).
/// </summary>
public class FunctionDefinitionTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly string ScriptRoot = RepositoryPaths.Combine("functions");

    public static TheoryData<string> FunctionFolders()
    {
        var data = new TheoryData<string>();
        foreach (var dir in Directory.EnumerateDirectories(ScriptRoot).Where(d => File.Exists(Path.Combine(d, "function.json"))))
        {
            data.Add(Path.GetFileName(dir));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(FunctionFolders))]
    public void Every_function_json_is_well_formed(string name)
    {
        var json = File.ReadAllText(Path.Combine(ScriptRoot, name, "function.json"));
        using var document = JsonDocument.Parse(json);
        var definition = FunctionDefinitions.Read(name, json);

        Assert.NotNull(definition.Trigger);
        Assert.Single(definition.Bindings, b => b.Direction == "in" && b.Type.EndsWith("Trigger", StringComparison.Ordinal));
        Assert.All(definition.Bindings, b => Assert.False(string.IsNullOrEmpty(b.Name)));
        if (definition.IsHttp)
        {
            var trigger = definition.Trigger!;
            Assert.Contains(trigger.AuthLevel, new[] { "anonymous", "function", "admin" });
            Assert.NotNull(trigger.Route);
            Assert.False(trigger.Route!.StartsWith('/'), "routes are relative to the (empty) route prefix");
            Assert.NotEmpty(trigger.Methods!);
            Assert.Contains(definition.Bindings, b => b is { Type: "http", Direction: "out" });
            Assert.Equal(2, definition.Bindings.Count);
        }
        else
        {
            Assert.True(definition.IsTimer, $"{name} is neither an HTTP nor a timer function");
            Assert.True(TimerSchedule.TryParse(definition.Trigger!.Schedule!, TimeZoneInfo.Utc, out _), $"{name} has an invalid schedule");
            Assert.Single(definition.Bindings);
        }
    }

    [Fact]
    public void Every_function_maps_to_a_handler_and_every_handler_has_a_function()
    {
        using var factory = new AppFactory(azurite);
        var endpoints = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IEndpointNameMetadata>() is not null)
            .ToList();
        var definitions = FunctionDefinitions.Load(ScriptRoot);

        var fromFunctions = definitions.Select(Describe).Order(StringComparer.Ordinal).ToList();
        var fromApp = endpoints.Select(Describe).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(string.Join("\n", fromFunctions), string.Join("\n", fromApp));
    }

    private static string Describe(FunctionDefinition definition) => definition.IsTimer
        ? $"{definition.Name}: timer POST /{definition.Name}"
        : $"{definition.Name}: {string.Join(",", definition.Trigger!.Methods!.Select(m => m.ToUpperInvariant()).Order(StringComparer.Ordinal))} /{definition.Trigger.Route}";

    private static string Describe(RouteEndpoint endpoint)
    {
        var name = endpoint.Metadata.GetRequiredMetadata<IEndpointNameMetadata>().EndpointName;
        var methods = string.Join(",", (endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Order(StringComparer.Ordinal));
        var isTimer = endpoint.Metadata.GetMetadata<FunctionsHostingExtensions.TimerFunctionMetadata>() is not null;
        return isTimer ? $"{name}: timer {methods} /{name}" : $"{name}: {methods} /{endpoint.RoutePattern.RawText!.Trim('/')}";
    }
}
