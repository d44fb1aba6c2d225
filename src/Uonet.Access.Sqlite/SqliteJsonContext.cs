using System.Text.Json.Serialization;

namespace Uonet.Access.Sqlite;

/// <summary>Source-generated JSON for the list columns (recovery code hashes), so the store needs no reflection.</summary>
[JsonSerializable(typeof(string[]))]
internal sealed partial class SqliteJsonContext : JsonSerializerContext;
