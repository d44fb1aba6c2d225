using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Uonet.Access.Sample.Web.Pages;

/// <summary>The page of an error status (re-executed by the status code pages): words instead of a bare code.</summary>
[Microsoft.AspNetCore.Mvc.IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public int Status { get; private set; }

    public void OnGet(int code) => Status = code;

    public void OnPost(int code) => Status = code;
}
