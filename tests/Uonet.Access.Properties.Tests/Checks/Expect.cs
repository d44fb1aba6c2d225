using System.Diagnostics.CodeAnalysis;

namespace Uonet.Access.Properties.Tests.Checks;

/// <summary>
/// Assertions whose message is built only when they fail: at 100,000 inputs a property, formatting the input for every
/// passing check would cost more than the parser under test.
/// </summary>
internal static class Expect
{
    public static void That([DoesNotReturnIf(false)] bool condition, Func<string> message)
    {
        if (!condition)
        {
            Assert.Fail(message());
        }
    }
}
