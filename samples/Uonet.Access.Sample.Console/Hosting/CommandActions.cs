using System.CommandLine;
using System.Data.Common;
using Microsoft.Extensions.Options;
using Uonet.Access.Sample.Console.Output;

namespace Uonet.Access.Sample.Console.Hosting;

/// <summary>Binds a command to its work, and turns every way the work can fail into exit code 1 or 2 with one answer.</summary>
internal static class CommandActions
{
    public static Command Does(this Command command, Func<ToolContext, CancellationToken, Task<int>> action)
    {
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var context = new ToolContext(parse);
            try
            {
                return await action(context, cancellationToken);
            }
            catch (UsageFailure failure)
            {
                return context.Output.Usage([failure.Message]);
            }
            catch (ToolFailure failure)
            {
                return context.Output.Refused(failure);
            }
            catch (DbException exception)
            {
                return context.Output.Refused(new ToolFailure(ToolMessages.StoreFailed, "detail", exception.Message));
            }
            catch (InvalidOperationException exception) when (exception.InnerException is DbException)
            {
                // A store that cannot migrate its schema at start-up says so, wrapping the database's own error.
                return context.Output.Refused(new ToolFailure(ToolMessages.StoreFailed, "detail", exception.Message));
            }
            catch (OptionsValidationException exception)
            {
                return context.Output.Refused(new ToolFailure(ToolMessages.Configuration, "detail", exception.Message));
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                return context.Output.Refused(new ToolFailure(ToolMessages.FileFailed, "detail", exception.Message));
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Still one answer on standard output; the details are for the operator, on standard error.
                context.Output.Progress.WriteLine(exception);
                return context.Output.Refused(new ToolFailure(ToolMessages.Failed, "detail", exception.Message));
            }
        });
        return command;
    }
}
