using System.Data.Common;

namespace Uonet.Access.Storage.Relational;

/// <summary>
/// How one engine keeps the values that ADO.NET reads differently from engine to engine (ids, times, flags, lists): the
/// only part of reading a row that is not the same for every relational store. Implemented by a struct, so that each
/// store's <see cref="Rows{TColumns}"/> is compiled for its engine and calls these directly.
/// </summary>
internal interface IColumnEncoding
{
    /// <summary>An id column.</summary>
    static abstract Guid GetId(DbDataReader reader, int ordinal);

    /// <summary>A point-in-time column, read back in UTC.</summary>
    static abstract DateTimeOffset GetTime(DbDataReader reader, int ordinal);

    /// <summary>A yes/no column.</summary>
    static abstract bool GetFlag(DbDataReader reader, int ordinal);

    /// <summary>The recovery code hashes of an account.</summary>
    static abstract string[] GetRecoveryCodeHashes(DbDataReader reader, int ordinal);

    /// <summary>The transports a passkey's authenticator said it uses.</summary>
    static abstract string[] GetTransports(DbDataReader reader, int ordinal);
}
