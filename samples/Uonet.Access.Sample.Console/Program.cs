using System.Text;
using Uonet.Access.Sample.Console;

System.Console.OutputEncoding = Encoding.UTF8;
return await Tool.RunAsync(args, System.Console.Out, System.Console.Error);
