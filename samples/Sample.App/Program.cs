using Sample.Library;

Console.WriteLine(new Greeting(args.Length > 0 ? args[0] : "world", "hello").ToJson());
