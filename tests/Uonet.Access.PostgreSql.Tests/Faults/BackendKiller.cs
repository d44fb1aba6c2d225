using Npgsql;
using Uonet.Access.PostgreSql.Tests.AcrossInstances;
using Uonet.Access.PostgreSql.Tests.Infrastructure;

namespace Uonet.Access.PostgreSql.Tests.Faults;

/// <summary>
/// Ends an application instance's database connection in the middle of a workflow, as a server restart, a failover or a
/// network cut would: a table is held in <c>SHARE</c> mode from an admin connection (reads go on, writes to it wait), the
/// workflow runs until its transaction reaches its write to that table and waits there, with its earlier writes made and
/// not committed; then its backend is ended with <c>pg_terminate_backend</c> and the table released.
/// </summary>
internal static class BackendKiller
{
    /// <summary>How long a workflow may take to fail once its connection is gone: failing is expected, hanging is a bug.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Runs <paramref name="workflow"/> on <paramref name="victim"/>, kills its backend when it waits to write to
    /// <paramref name="table"/>, and returns what the workflow then threw.
    /// </summary>
    public static async Task<Exception> KillWhileWritingAsync<T>(ScratchSchema schema, AppInstance victim, string table, Func<Task<T>> workflow)
    {
        Task<T> running;
        await using (var blocker = await ServerLocks.HoldAsync(schema, $"LOCK TABLE {{schema}}.{table} IN SHARE MODE;"))
        {
            running = workflow();
            var waiting = ServerLocks.WaitForWaiterAsync(blocker.ProcessID);
            if (await Task.WhenAny(waiting, running) == running)
            {
                Assert.Fail($"The workflow ended without writing to {table}: {await running}");
            }

            var pid = await waiting;

            // Only the victim's own backend is ended: its pool tags every connection with the instance's name.
            Assert.Equal([victim.Name], await schema.QueryAsync<string>("SELECT application_name FROM pg_stat_activity WHERE pid = @pid;", ("pid", pid)));
            Assert.Equal([true], await schema.QueryAsync<bool>("SELECT pg_terminate_backend(@pid);", ("pid", pid)));
        }

        return await Assert.ThrowsAnyAsync<NpgsqlException>(() => running.WaitAsync(Patience));
    }
}
