using BookInfo.Hosting;

// Istio's BookInfo on Mesh. With no arguments: the control server and all six services in this process.
// `--help` lists the other modes; docs/bookinfo.md is the walkthrough.
return await BookInfoHost.RunAsync(args, Console.Out, Console.Error);
