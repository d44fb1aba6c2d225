namespace Uonet.Access.Sample.Console.Output;

/// <summary>The exit codes scripts rely on (issue 7): nothing else is ever returned.</summary>
internal static class ExitCodes
{
    /// <summary>The command did what it was asked.</summary>
    public const int Success = 0;

    /// <summary>A refusal: by the library (its stable code), or the tool could not do the work (a <c>Cli.*</c> code).</summary>
    public const int Refused = 1;

    /// <summary>Wrong usage: unknown command or option, missing or malformed argument.</summary>
    public const int Usage = 2;
}
