/**
 * The package's published surface: what the `.d.ts` of `.` and `./core` export, read by the
 * TypeScript compiler from the entry files they are emitted from (tsconfig.build.json). A moved or
 * renamed module must leave this list as it is; a deliberate API change updates it here.
 */
import { describe, expect, it } from 'vitest';
import ts from 'typescript';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const ENTRIES = { '.': 'src/index.ts', './core': 'src/headless.ts' } as const;

function exportsOf(): Record<string, string[]> {
  const files = Object.values(ENTRIES).map((f) => root + f);
  const program = ts.createProgram(files, {
    target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler,
    allowImportingTsExtensions: true, noEmit: true, jsx: ts.JsxEmit.ReactJSX, jsxImportSource: 'preact', strict: true, skipLibCheck: true,
    types: [],
  });
  const checker = program.getTypeChecker();
  const out: Record<string, string[]> = {};
  for (const [entry, file] of Object.entries(ENTRIES)) {
    const module = checker.getSymbolAtLocation(program.getSourceFile(root + file)!)!;
    out[entry] = checker.getExportsOfModule(module).map((s) => {
      const target = s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s;
      const kind = target.flags & ts.SymbolFlags.Class ? 'class' : target.flags & ts.SymbolFlags.Value ? 'value' : 'type';
      return `${s.name}: ${kind}`;
    }).sort();
  }
  return out;
}

const CORE = [
  'AnalyticsEvent: type', 'Conversation: type', 'ConversationHandle: type', 'ConversationLogger: type', 'ConversationOptions: type',
  'ConversationSummary: type', 'ErrorCode: type', 'EventInput: type', 'Feedback: type', 'FeedbackInput: type', 'IdentitySnapshot: type',
  'Link: type', 'LoggerConfig: type', 'LoggerDeps: type', 'LoggerEvent: type', 'Message: type', 'MessageInput: type', 'OutboxStats: type',
  'PrivacyPreferences: type', 'SupportAgent: type', 'SupportCopilotError: class', 'UserIdentity: type', 'UserProperties: type',
  'createConversationLogger: value',
];
const WIDGET = [
  'AnswerContext: type', 'AnswerFinishReason: type', 'AnswerPart: type', 'AnswerSource: type', 'AnswerSourceLink: type', 'AnswerTimeouts: type', 'ChatEndpointConfig: type', 'GetHelpAction: type', 'GetHelpContext: type', 'GetHelpOption: type',
  'PageContext: type', 'Strings: type', 'SupportCopilot: type', 'Theme: type', 'Ticket: type', 'TicketRequest: type', 'WidgetConfig: type',
  'WidgetEvent: type', 'WidgetEventName: type', 'WidgetView: type', 'createSupportCopilot: value',
];

describe('published entries', () => {
  const found = exportsOf();
  it('./core exports the headless logger, its error class and its types', () => {
    expect(found['./core']).toEqual([...CORE].sort());
  });
  it('. exports the widget and everything ./core does', () => {
    expect(found['.']).toEqual([...CORE, ...WIDGET].sort());
  });
});
