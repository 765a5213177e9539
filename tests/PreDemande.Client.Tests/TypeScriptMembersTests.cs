using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Client.Tests;

/// <summary>The reading of openapi-typescript's output that the TypeScript check relies on.</summary>
[Trait(Tier.Name, Tier.Fast)]
public sealed class TypeScriptMembersTests
{
    private const string Sample = """
        export interface components {
            schemas: {
                AccountItem: {
                    /** Format: date-time */
                    createdAt: unknown;
                    titles: string[];
                    heightCm?: null | number | string;
                    /** @enum {unknown} */
                    unknown?: null | boolean;
                    givenNames: unknown[];
                };
                EventRequest: {
                    reason?: null | string;
                } | {
                    type?: unknown;
                };
                Page: {
                    rowcount: string | number;
                    before?: string | boolean | Record<string, never>;
                    items: components["schemas"]["AccountItem"][];
                };
            };
        }
        export interface operations {
            GetRecap: {
                responses: {
                    200: {
                        headers: {
                            ETag?: string;
                            [name: string]: unknown;
                        };
                    };
                };
            };
        }
        """;

    [Fact]
    public void Members_are_named_by_their_path_in_the_types()
    {
        var members = TypeScriptMembers.Read(Sample);

        Assert.Contains(new TypeScriptMembers.Member("components.schemas.AccountItem.titles", "titles", "string[]"), members);
        Assert.Contains(new TypeScriptMembers.Member("components.schemas.Page.rowcount", "rowcount", "string | number"), members);
        Assert.Contains(new TypeScriptMembers.Member("components.schemas.EventRequest.reason", "reason", "null | string"), members);
        Assert.Contains(new TypeScriptMembers.Member("operations.GetRecap.responses.200.headers.ETag", "ETag", "string"), members);
    }

    [Fact]
    public void Unknown_members_are_found_but_a_member_named_unknown_and_the_index_of_response_headers_are_not()
    {
        var unknown = TypeScriptMembers.Unknown(TypeScriptMembers.Read(Sample)).Select(m => m.Path);

        Assert.Equal(["components.schemas.AccountItem.createdAt", "components.schemas.AccountItem.givenNames", "components.schemas.EventRequest.type"], unknown);
    }

    [Fact]
    public void Objects_without_members_are_found()
    {
        var empty = TypeScriptMembers.EmptyObject(TypeScriptMembers.Read(Sample)).Select(m => m.Path);

        Assert.Equal(["components.schemas.Page.before"], empty);
    }

    [Fact]
    public void Numbers_that_may_be_strings_are_found_in_either_order()
    {
        var numbers = TypeScriptMembers.NumberOrString(TypeScriptMembers.Read(Sample)).Select(m => m.Path);

        Assert.Equal(["components.schemas.AccountItem.heightCm", "components.schemas.Page.rowcount"], numbers);
    }
}
