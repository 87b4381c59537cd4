// Starts `arm-orchlint lsp` and connects it to the editor: diagnostics, quick fixes,
// suppressions and hover all come from the server.
import * as vscode from "vscode";
import { LanguageClient, LanguageClientOptions, ServerOptions } from "vscode-languageclient/node";

let client: LanguageClient | undefined;

function settings(): Record<string, unknown> {
  const config = vscode.workspace.getConfiguration("arm-orchlint");
  const out: Record<string, unknown> = {
    severity: config.get("severity", {}),
    debounceMs: config.get("debounceMs", 150),
  };
  const select = config.get<string[]>("select", []);
  const ignore = config.get<string[]>("ignore", []);
  const against = config.get<string>("against", "");
  if (against) out.against = against;
  if (select.length) out.select = select;
  if (ignore.length) out.ignore = ignore;
  return out;
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const command = vscode.workspace.getConfiguration("arm-orchlint").get<string>("path", "arm-orchlint");
  const serverOptions: ServerOptions = { command, args: ["lsp"] };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "json" },
      { scheme: "file", language: "jsonc" },
      { scheme: "file", language: "bicep" },
      { scheme: "file", language: "bicep-params" },
      { scheme: "file", pattern: "**/*.{bicep,bicepparam}" },
    ],
    initializationOptions: settings(),
    synchronize: {
      // configuration files and modules edited outside the editor re-lint the open files
      fileEvents: vscode.workspace.createFileSystemWatcher(
        "**/{.arm-orchlint.toml,pyproject.toml,*.bicep,*.bicepparam,*.json,*.jsonc}"
      ),
    },
  };
  client = new LanguageClient("arm-orchlint", "arm-orchlint", serverOptions, clientOptions);
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration("arm-orchlint") && client) {
        client.sendNotification("workspace/didChangeConfiguration", { settings: { "arm-orchlint": settings() } });
      }
    })
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  if (client) {
    await client.stop();
  }
}
