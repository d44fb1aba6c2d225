using System.Text.RegularExpressions;

namespace Uonet.Access.Sample.Web.Tests.Infrastructure;

/// <summary>One call that writes a text in Polish, English and Ukrainian where it is used, e.g. <c>T("…", "…", "…")</c>.</summary>
/// <param name="Place">The file (from the repository root) and line, for the failure message.</param>
/// <param name="Arguments">The arguments as written.</param>
/// <param name="Literals">Each argument's text when it is a string literal (holes as written), otherwise null.</param>
public sealed record TranslatedText(string Place, IReadOnlyList<string> Arguments, IReadOnlyList<string?> Literals)
{
    /// <summary>The English text, or the English argument as written when it is not a literal.</summary>
    public string English => Literals.Count > 1 ? Literals[1] ?? Arguments[1] : string.Join(", ", Arguments);
}

/// <summary>
/// Finds the calls of a samples' text method (<c>T</c> in the portal, <c>Say</c> in the console tool) in the source and
/// lists what is wrong with each: a language missing or empty, Ukrainian left identical to English or Polish, Ukrainian
/// without a Cyrillic letter, or a value shown in one language and not in another. The build already refuses fewer
/// than three arguments; this catches a placeholder or a copy standing in for a translation.
/// </summary>
public static partial class TranslatedTexts
{
    /// <summary>The repository's root folder, found from the test's output folder.</summary>
    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Uonet.Access.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("The repository root (Uonet.Access.sln) was not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Every call of <paramref name="method"/> in the <c>.cs</c> and <c>.cshtml</c> files under <paramref name="folder"/>.</summary>
    public static IReadOnlyList<TranslatedText> Find(string folder, string method)
    {
        var root = RepositoryRoot();
        var calls = new List<TranslatedText>();
        var files = Directory.EnumerateFiles(Path.Combine(root, folder), "*.*", SearchOption.AllDirectories)
            .Where(file => file.EndsWith(".cs", StringComparison.Ordinal) || file.EndsWith(".cshtml", StringComparison.Ordinal))
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
        var name = new Regex(@"(?<![A-Za-z0-9_])" + Regex.Escape(method) + @"\(", RegexOptions.CultureInvariant);
        foreach (var file in files)
        {
            var source = File.ReadAllText(file);
            foreach (Match match in name.Matches(source))
            {
                var arguments = Arguments(source, match.Index + match.Length);
                if (arguments is null || IsDeclaration(arguments))
                {
                    continue;
                }

                var line = source.AsSpan(0, match.Index).Count('\n') + 1;
                calls.Add(new TranslatedText($"{Path.GetRelativePath(root, file)}:{line}", arguments, [.. arguments.Select(Literal)]));
            }
        }

        return calls;
    }

    /// <summary>What is wrong with one call; empty when its three languages are complete.</summary>
    /// <param name="text">The call.</param>
    /// <param name="sameAsEnglish">English texts whose Ukrainian may be the same (names, codes).</param>
    /// <param name="prefixArguments">Arguments before the three texts (e.g. the output a helper writes to).</param>
    public static IEnumerable<string> Problems(TranslatedText text, IReadOnlySet<string> sameAsEnglish, int prefixArguments = 0)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(sameAsEnglish);
        var arguments = text.Arguments.Skip(prefixArguments).ToList();
        var literals = text.Literals.Skip(prefixArguments).ToList();
        if (arguments.Count != 3)
        {
            yield return $"{text.Place}: {arguments.Count} texts instead of Polish, English and Ukrainian";
            yield break;
        }

        // A call that passes three texts on (a helper, a record's three fields) is checked where they are written.
        if (literals.All(literal => literal is null))
        {
            yield break;
        }

        if (literals.Any(literal => literal is null))
        {
            yield return $"{text.Place}: a language is not written here ({string.Join(" | ", arguments)})";
            yield break;
        }

        var (polish, english, ukrainian) = (literals[0]!, literals[1]!, literals[2]!);
        string[] names = ["Polish", "English", "Ukrainian"];
        for (var i = 0; i < 3; i++)
        {
            if (string.IsNullOrWhiteSpace(literals[i]))
            {
                yield return $"{text.Place}: the {names[i]} text is empty";
            }
        }

        if (!sameAsEnglish.Contains(english))
        {
            if (ukrainian == english)
            {
                yield return $"{text.Place}: the Ukrainian is the English text: \"{english}\"";
            }
            else if (ukrainian == polish)
            {
                yield return $"{text.Place}: the Ukrainian is the Polish text: \"{polish}\"";
            }
            else if (!Cyrillic().IsMatch(WithoutHoles(ukrainian)))
            {
                yield return $"{text.Place}: the Ukrainian has no Cyrillic letter: \"{ukrainian}\"";
            }
        }

        if (Cyrillic().IsMatch(WithoutHoles(polish)) || Cyrillic().IsMatch(WithoutHoles(english)))
        {
            yield return $"{text.Place}: Cyrillic in the Polish or English text (languages in the wrong order?)";
        }

        var shown = Values(english);
        if (!shown.SetEquals(Values(polish)) || !shown.SetEquals(Values(ukrainian)))
        {
            yield return $"{text.Place}: the languages show different values: {string.Join(", ", Values(polish))} | {string.Join(", ", shown)} | {string.Join(", ", Values(ukrainian))}";
        }
    }

    // The values a text shows: {name}, {model.Name}, {at:HH:mm} holes and {0} placeholders. A computed hole (a plural
    // form, a conditional) is each language's own business.
    // A value kept per language (MessagePolish, english) counts as the same value in each.
    private static HashSet<string> Values(string literal) =>
        [.. Hole().Matches(literal).Select(match => Language().Replace(match.Groups["value"].Value, "(language)"))];

    private static string WithoutHoles(string literal) => Hole().Replace(literal, string.Empty);

    [GeneratedRegex("polish|english|ukrainian", RegexOptions.IgnoreCase)]
    private static partial Regex Language();

    [GeneratedRegex(@"\p{IsCyrillic}")]
    private static partial Regex Cyrillic();

    [GeneratedRegex(@"\{(?<value>[A-Za-z_0-9][A-Za-z_0-9.!]*)(?::[^}]*)?\}")]
    private static partial Regex Hole();

    // The method's own declaration, e.g. "T(string polish, string english, string ukrainian)".
    private static bool IsDeclaration(IReadOnlyList<string> arguments) =>
        arguments.Count > 0 && arguments.All(argument => argument.StartsWith("string ", StringComparison.Ordinal));

    private static string? Literal(string argument)
    {
        var prefix = 0;
        while (prefix < argument.Length && argument[prefix] is '$' or '@')
        {
            prefix++;
        }

        if (argument.Length < prefix + 2 || argument[prefix] != '"' || argument[^1] != '"' || End(argument, 0) != argument.Length)
        {
            return null;
        }

        return argument[(prefix + 1)..^1];
    }

    // The top-level arguments of a call whose "(" ends just before start, each trimmed; null when the call is cut off.
    private static List<string>? Arguments(string source, int start)
    {
        var arguments = new List<string>();
        var depth = 0;
        var from = start;
        for (var i = start; i < source.Length;)
        {
            var c = source[i];
            if (c is '"' or '$' or '@' && End(source, i) is var end && end > i)
            {
                i = end;
                continue;
            }

            if (c == '\'')
            {
                i = CharEnd(source, i);
                continue;
            }

            if (c is '(' or '[' or '{')
            {
                depth++;
            }
            else if (c is ')' or ']' or '}')
            {
                if (depth == 0)
                {
                    var last = source[from..i].Trim();
                    if (last.Length > 0 || arguments.Count > 0)
                    {
                        arguments.Add(last);
                    }

                    return arguments;
                }

                depth--;
            }
            else if (c == ',' && depth == 0)
            {
                arguments.Add(source[from..i].Trim());
                from = i + 1;
            }

            i++;
        }

        return null;
    }

    // The end (exclusive) of the string literal starting at start ("…", $"…", @"…", $@"…"), or start when there is none.
    private static int End(string source, int start)
    {
        var i = start;
        var interpolated = false;
        var verbatim = false;
        while (i < source.Length && source[i] is '$' or '@')
        {
            interpolated |= source[i] == '$';
            verbatim |= source[i] == '@';
            i++;
        }

        if (i >= source.Length || source[i] != '"')
        {
            return start;
        }

        for (i++; i < source.Length; i++)
        {
            var c = source[i];
            if (verbatim && c == '"')
            {
                if (i + 1 < source.Length && source[i + 1] == '"')
                {
                    i++;
                    continue;
                }

                return i + 1;
            }

            if (!verbatim && c == '\\')
            {
                i++;
            }
            else if (c == '"')
            {
                return i + 1;
            }
            else if (interpolated && c == '{')
            {
                if (source[i + 1] == '{')
                {
                    i++;
                }
                else
                {
                    i = HoleEnd(source, i + 1);
                }
            }
        }

        return source.Length;
    }

    // The index of the "}" closing a hole whose expression starts at start.
    private static int HoleEnd(string source, int start)
    {
        var depth = 0;
        for (var i = start; i < source.Length;)
        {
            var c = source[i];
            if (c is '"' or '$' or '@' && End(source, i) is var end && end > i)
            {
                i = end;
                continue;
            }

            if (c == '\'')
            {
                i = CharEnd(source, i);
                continue;
            }

            if (c is '(' or '[' or '{')
            {
                depth++;
            }
            else if (c is ')' or ']' or '}')
            {
                if (depth == 0)
                {
                    return i;
                }

                depth--;
            }

            i++;
        }

        return source.Length;
    }

    // The end of a character literal ('x', '\''); an apostrophe in Razor markup text is not one and is stepped over.
    private static int CharEnd(string source, int start)
    {
        var i = start + 1;
        if (i < source.Length && source[i] == '\\')
        {
            i += 2;
        }
        else
        {
            i++;
        }

        return i < source.Length && source[i] == '\'' ? i + 1 : start + 1;
    }
}
