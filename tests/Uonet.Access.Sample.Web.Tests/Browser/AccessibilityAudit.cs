using System.Globalization;
using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Uonet.Access.Sample.Web.Tests.Browser;

/// <summary>
/// Checks a page as it stands against WCAG 2.1 AA: axe-core with the WCAG 2.0/2.1 A and AA rules, reflow at 320 CSS
/// pixels (1.4.10) and text at 200 % (1.4.4). Findings are collected over a whole walk through the portal, each named
/// with the state it was found in, so one failing run lists everything there is to fix.
/// </summary>
/// <remarks>
/// Text at 200 % is tried as a person with a 1280-pixel window zoomed to 200 % sees it (a 640-pixel wide viewport) with
/// the root font size doubled on top: a browser's text-only zoom scales the root font the same way, so this is the
/// harder of the two and covers both. The CI run checks axe at the desktop width and the layout at both narrow
/// settings; <see cref="Full"/> (<c>UONET_ACCESS_A11Y_FULL=1</c>) runs axe in all three layouts and in English too.
/// </remarks>
public sealed class AccessibilityAudit
{
    /// <summary>The axe-core tags of WCAG 2.0 and 2.1, levels A and AA.</summary>
    public static readonly IReadOnlyList<string> WcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

    public const int DesktopWidth = 1200;
    public const int ReflowWidth = 320;
    public const int ZoomWidth = 640;

    private const string LayoutProblems = """
        () => {
            const problems = [];
            const root = document.documentElement;
            if (root.scrollWidth > root.clientWidth) {
                const widest = [...document.body.querySelectorAll('*')]
                    .filter(e => e.getBoundingClientRect().right > root.clientWidth + 1 && !e.closest('[role=region][tabindex]'))
                    .filter(e => ![...e.children].some(c => c.getBoundingClientRect().right > root.clientWidth + 1))
                    .slice(0, 5)
                    .map(e => e.outerHTML.slice(0, 160) + ' (right edge ' + Math.round(e.getBoundingClientRect().right) + ')');
                problems.push('the page scrolls sideways: ' + root.scrollWidth + ' > ' + root.clientWidth + ' px; too wide: ' + widest.join(' | '));
            }
            for (const e of document.body.querySelectorAll('*')) {
                const style = getComputedStyle(e);
                const clipsX = style.overflowX === 'hidden' || style.overflowX === 'clip';
                const clipsY = style.overflowY === 'hidden' || style.overflowY === 'clip';
                if ((clipsX && e.scrollWidth > e.clientWidth + 1) || (clipsY && e.scrollHeight > e.clientHeight + 1)) {
                    problems.push('content cut off in ' + e.outerHTML.slice(0, 160));
                }
                if (style.overflowX === 'auto' || style.overflowX === 'scroll') {
                    if (e.scrollWidth > e.clientWidth && !(e.getAttribute('role') === 'region' && e.hasAttribute('aria-label') && e.tabIndex === 0)) {
                        problems.push('a scrolling box that is no focusable, labelled region: ' + e.outerHTML.slice(0, 160));
                    }
                }
            }
            return problems;
        }
        """;

    private readonly List<string> _findings = [];

    /// <summary>Whether to run the full sweep (axe in every layout, English too): <c>UONET_ACCESS_A11Y_FULL=1</c>.</summary>
    public static bool Full => Environment.GetEnvironmentVariable("UONET_ACCESS_A11Y_FULL") == "1";

    /// <summary>
    /// The languages a sweep walks: Polish and Ukrainian (longer words in another script, the likeliest to break a
    /// narrow layout), and English in the full run.
    /// </summary>
    public static TheoryData<string> Languages => Full ? new TheoryData<string> { "pl", "uk", "en" } : new TheoryData<string> { "pl", "uk" };

    /// <summary>How many states were checked.</summary>
    public int States { get; private set; }

    /// <summary>Checks the page in its current state; <paramref name="state"/> names it in the findings.</summary>
    public async Task CheckAsync(IPage page, string state)
    {
        ArgumentNullException.ThrowIfNull(page);
        States++;
        await page.SetViewportSizeAsync(DesktopWidth, 820);
        await AxeAsync(page, state);

        await page.SetViewportSizeAsync(ReflowWidth, 640);
        await LayoutAsync(page, $"{state} at {ReflowWidth} px");
        if (Full)
        {
            await AxeAsync(page, $"{state} at {ReflowWidth} px");
        }

        await page.SetViewportSizeAsync(ZoomWidth, 820);
        await page.EvaluateAsync("() => document.documentElement.style.fontSize = '200%'");
        try
        {
            await LayoutAsync(page, $"{state} at {ZoomWidth} px with text at 200 %");
            if (Full)
            {
                await AxeAsync(page, $"{state} at {ZoomWidth} px with text at 200 %");
            }
        }
        finally
        {
            await page.EvaluateAsync("() => document.documentElement.style.fontSize = ''");
            await page.SetViewportSizeAsync(DesktopWidth, 820);
        }
    }

    /// <summary>Fails listing every finding: the state, the rule, its impact, and each element's selector and HTML.</summary>
    public void AssertClean()
    {
        Assert.True(States > 0, "no page was checked");
        Assert.True(_findings.Count == 0, $"{_findings.Count} accessibility finding(s) in {States} page state(s):{Environment.NewLine}{string.Join(Environment.NewLine, _findings)}");
    }

    /// <summary>axe-core's violations of <paramref name="page"/> as text, one line per element (empty when there are none).</summary>
    public static async Task<IReadOnlyList<string>> ViolationsAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = [.. WcagTags] },
        });
        return [.. result.Violations.SelectMany(Describe)];
    }

    private async Task AxeAsync(IPage page, string state)
    {
        foreach (var violation in await ViolationsAsync(page))
        {
            _findings.Add($"[{state}] {page.Url}: {violation}");
        }
    }

    private async Task LayoutAsync(IPage page, string state)
    {
        foreach (var problem in await page.EvaluateAsync<string[]>(LayoutProblems))
        {
            _findings.Add($"[{state}] {page.Url}: {problem}");
        }
    }

    private static IEnumerable<string> Describe(AxeResultItem violation) =>
        violation.Nodes.Select(node => new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{violation.Id} ({violation.Impact}): {violation.Help} — ")
            .Append(CultureInfo.InvariantCulture, $"{node.Target} {node.Html}")
            .Append(" — ")
            .AppendJoin("; ", (node.Any ?? []).Concat(node.All ?? []).Concat(node.None ?? []).Select(check => check.Message))
            .ToString());
}
