using System.Text.Json.Serialization;

namespace StrategyReports.Functions.Hosting;

public static class GeneratedJson
{
    /// <summary>
    /// Puts a feature's compile-time JSON contracts first in the app's resolver chain: endpoints built before the server listens
    /// would otherwise build them by reflection (docs/cold-start.md). The app's options still decide names and converters.
    /// </summary>
    public static IServiceCollection AddGeneratedJson(this IServiceCollection services, JsonSerializerContext contracts) =>
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.TypeInfoResolverChain.Insert(0, contracts));
}
