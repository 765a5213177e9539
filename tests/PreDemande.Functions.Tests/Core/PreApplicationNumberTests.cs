using PreDemande.Core.Numbers;

using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Core;

[Trait(Tier.Name, Tier.Fast)]
public sealed class PreApplicationNumberTests
{
    [Fact]
    public void New_numbers_have_the_published_shape_and_a_valid_check_character()
    {
        var numbers = Enumerable.Range(0, 10_000).Select(_ => PreApplicationNumber.New()).ToArray();

        Assert.All(numbers, n => Assert.Matches("^[A-Z0-9]{10}$", n));
        Assert.All(numbers, n => Assert.True(PreApplicationNumber.HasValidCheckCharacter(n)));
        Assert.All(numbers, n => Assert.DoesNotContain('O', n));
        Assert.All(numbers, n => Assert.DoesNotContain('I', n));
        Assert.Equal(numbers.Length, numbers.Distinct().Count());
    }

    [Fact]
    public void A_single_mistyped_character_is_caught_by_the_check_character()
    {
        var number = PreApplicationNumber.New();
        for (var position = 0; position < number.Length; position++)
        {
            foreach (var replacement in PreApplicationNumber.Alphabet.Where(c => c != number[position]))
            {
                var typo = string.Concat(number.AsSpan(0, position), replacement.ToString(), number.AsSpan(position + 1));
                Assert.False(PreApplicationNumber.HasValidCheckCharacter(typo), typo);
            }
        }
    }

    [Theory]
    [InlineData("ab12cd34ef", "AB12CD34EF")]
    [InlineData("  AB12CD34EF ", "AB12CD34EF")]
    [InlineData("ABO2CDI4EF", "AB02CD14EF")]
    public void Input_is_read_case_insensitively_with_O_and_I_as_digits(string input, string expected)
    {
        Assert.True(PreApplicationNumber.TryNormalize(input, out var number));
        Assert.Equal(expected, number);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("AB12CD34E")]
    [InlineData("AB12CD34EFG")]
    [InlineData("AB12-CD34E")]
    [InlineData("ÀB12CD34EF")]
    public void Input_of_another_shape_is_refused(string? input)
    {
        Assert.False(PreApplicationNumber.TryNormalize(input, out _));
    }

    [Fact]
    public void Numbers_are_grouped_for_reading_aloud()
    {
        Assert.Equal("AB12 CD34 EF", PreApplicationNumber.Grouped("AB12CD34EF"));
    }
}
