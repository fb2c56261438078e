using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;
using StrategyReports.Functions.Security;

namespace StrategyReports.Functions.Hosting;

/// <summary>
/// <c>GET /api/openapi.json</c>: an OpenAPI 3.1 description of every <c>/api</c> route (pages and timer
/// invocations are not part of the API), with the two ways in (an API key, or App Service authentication's
/// Entra ID token) and the RFC 9457 problem documents every route can answer with.
/// </summary>
public static class OpenApiDescription
{
    public const string Path = "/api/openapi.json";
    public const string ApiKeyScheme = "apiKey";
    public const string AppServiceScheme = "appServiceAuthentication";
    private const string ProblemSchema = "ProblemDetails";
    private const string ProblemContentType = "application/problem+json";

    public static IServiceCollection AddApiDescription(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            options.OpenApiVersion = OpenApiSpecVersion.OpenApi3_1;
            options.ShouldInclude = description => description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "StrategyReports",
                    Version = "1",
                    Description = "Quarterly returns, pulse surveys, rollups, highlight reports and data exports of a health-and-care partnership's workforce strategy.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
                {
                    [ApiKeyScheme] = new OpenApiSecurityScheme
                    {
                        Type = SecuritySchemeType.ApiKey,
                        In = ParameterLocation.Header,
                        Name = StrategyReportsAuthenticationHandler.ApiKeyHeader,
                        Description = "A key issued to a partner's system or an admin's script; its roles and scopes are configured with it.",
                    },
                    [AppServiceScheme] = new OpenApiSecurityScheme
                    {
                        Type = SecuritySchemeType.Http,
                        Scheme = "bearer",
                        BearerFormat = "JWT",
                        Description = "App Service authentication (Entra ID): a browser session signed in at /.auth/login/aad, or an Entra ID access token for the app; the platform passes the signed-in user on.",
                    },
                };
                document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
                document.Components.Schemas[ProblemSchema] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Description = "RFC 9457 problem details; 422 answers name each bad field in errors.",
                    Properties = new Dictionary<string, IOpenApiSchema>
                    {
                        ["type"] = new OpenApiSchema { Type = JsonSchemaType.String },
                        ["title"] = new OpenApiSchema { Type = JsonSchemaType.String },
                        ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer },
                        ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String },
                        ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String },
                        ["errors"] = new OpenApiSchema
                        {
                            Type = JsonSchemaType.Object,
                            AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
                        },
                    },
                };
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                var secured = metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();
                operation.Responses ??= [];
                var problems = new List<(string Status, string Why)> { ("400", "The request could not be read."), ("404", "An unknown partnership, period, partner, survey or report."), ("422", "Invalid fields, each named.") };
                if (secured)
                {
                    problems.Add(("401", "No credentials, or credentials that are not valid."));
                    problems.Add(("403", "Valid credentials without the role or scope for this partnership, programme or partner."));
                    operation.Security =
                    [
                        new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyScheme, context.Document)] = [] },
                        new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(AppServiceScheme, context.Document)] = [] },
                    ];
                }

                foreach (var (status, why) in problems)
                {
                    operation.Responses.TryAdd(status, new OpenApiResponse
                    {
                        Description = why,
                        Content = new Dictionary<string, OpenApiMediaType>
                        {
                            [ProblemContentType] = new OpenApiMediaType { Schema = new OpenApiSchemaReference(ProblemSchema, context.Document) },
                        },
                    });
                }

                return Task.CompletedTask;
            });
        });

    public static IEndpointRouteBuilder MapApiDescription(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi(Path).WithName("OpenApi").AllowAnonymous();
        return app;
    }
}
