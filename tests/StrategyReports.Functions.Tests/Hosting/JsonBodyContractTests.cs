using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StrategyReports.Domain.Returns;
using StrategyReports.Functions.Hosting;
using StrategyReports.TestSupport;

namespace StrategyReports.Functions.Tests.Hosting;

/// <summary>
/// The JSON bodies the endpoints read have contracts generated at compile time: building the endpoints, before the
/// server listens, would otherwise build each by reflection (docs/cold-start.md).
/// </summary>
public sealed class JsonBodyContractTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    // Found from the endpoints, so a new endpoint reading a new body fails here until its feature's context lists it.
    [Fact]
    public void Every_json_body_an_endpoint_reads_has_a_generated_contract_that_reads_the_same_json_as_reflection()
    {
        using var factory = new AppFactory(azurite);
        var options = factory.Services.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        var bodies = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .SelectMany(endpoint => endpoint.Metadata.GetOrderedMetadata<IAcceptsMetadata>())
            .Where(accepts => accepts.RequestType is not null && accepts.ContentTypes.Any(type => type.Contains("json", StringComparison.Ordinal)))
            .Select(accepts => accepts.RequestType!)
            .Distinct()
            .ToList();
        var reflection = new JsonSerializerOptions(options) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };

        // The discovery finds bodies of the API and of the host's timer invocations, one from another project among them.
        Assert.Contains(typeof(FunctionInvocationRequest), bodies);
        Assert.Contains(typeof(ReviewRequest), bodies);
        Assert.All(bodies, body =>
        {
            var contract = options.GetTypeInfo(body);
            Assert.True(contract.OriginatingResolver is JsonSerializerContext, $"{body} has no generated contract: list it in its feature's JsonSerializerContext.");
            Assert.Equal(Describe(reflection, body), Describe(options, body));
            Assert.All(BadBodies(contract), json => Assert.Equal(Read(reflection, body, json), Read(options, body, json)));
        });
    }

    /// <summary>Bodies a client gets wrong: not JSON, not an object, a member unknown, and each member of the wrong kind.</summary>
    private static IEnumerable<string> BadBodies(JsonTypeInfo contract) =>
        ["{", "[]", "1", """{"unknown": """, """{"unknown": 1}""", .. contract.Properties.Select(property => $$$"""{"{{{property.Name}}}": {"unexpected": [1]}}""")];

    // What the request delegate makes of a body: the value as the reflection contract writes it back, or the exception
    // whose message and path the problem answer shows.
    private static string Read(JsonSerializerOptions options, Type type, string json)
    {
        try
        {
            return JsonSerializer.Serialize(JsonSerializer.Deserialize(json, type, options), type, new JsonSerializerOptions(options) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() });
        }
        catch (JsonException e)
        {
            return $"{e.GetType()}: {e.Message} {e.Path} {e.InnerException?.Message}";
        }
    }

    /// <summary>What decides the JSON a type reads and writes, for it and every type inside it.</summary>
    private static List<string> Describe(JsonSerializerOptions options, Type type)
    {
        var lines = new List<string>();
        var seen = new HashSet<Type>();
        var pending = new Queue<Type>([type]);
        while (pending.TryDequeue(out var next))
        {
            if (!seen.Add(next))
            {
                continue;
            }

            // A generated contract wraps an object's or a collection's converter, so only a value's is compared.
            var contract = options.GetTypeInfo(next);
            var converter = contract.Kind == JsonTypeInfoKind.None ? contract.Converter.GetType() : null;
            lines.Add($"{next}: {contract.Kind} {converter} {contract.NumberHandling} {contract.UnmappedMemberHandling} {contract.PreferredPropertyObjectCreationHandling} {contract.ElementType} {contract.KeyType}");
            foreach (var inner in new[] { contract.ElementType, contract.KeyType }.OfType<Type>())
            {
                pending.Enqueue(inner);
            }

            foreach (var property in contract.Properties)
            {
                var parameter = property.AssociatedParameter;
                lines.Add($"  {property.Name}: {property.PropertyType} order {property.Order} required {property.IsRequired} extension {property.IsExtensionData} "
                    + $"numbers {property.NumberHandling} creation {property.ObjectCreationHandling} converter {property.CustomConverter?.GetType()} "
                    + $"nullable {property.IsGetNullable} {property.IsSetNullable} get {property.Get is not null} set {property.Set is not null || parameter is not null} "
                    + $"parameter {parameter?.Position} {parameter?.HasDefaultValue} {parameter?.DefaultValue} {parameter?.IsNullable}");
                pending.Enqueue(property.PropertyType);
            }
        }

        return lines;
    }
}
