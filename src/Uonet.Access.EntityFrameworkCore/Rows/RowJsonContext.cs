using System.Text.Json.Serialization;

namespace Uonet.Access.EntityFrameworkCore.Rows;

[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
internal sealed partial class RowJsonContext : JsonSerializerContext;
