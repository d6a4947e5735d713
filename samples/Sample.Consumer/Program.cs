using Sample.Library;

Console.WriteLine(new Greeting("consumer", "verified hello").ToJson());
