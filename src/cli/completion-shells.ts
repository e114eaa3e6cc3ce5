/**
 * The completion scripts of `etiq completion bash|zsh|fish`, written from the spec that
 * completion.ts reads off the commander program. Pure, no I/O.
 *
 * The three scripts work alike. The words before the cursor are walked from the left: an
 * option that takes a value skips its value, a word that names a subcommand of the command
 * so far (before any argument) enters it, any other word is an argument. Then the word
 * under the cursor is completed as:
 * - the value of an option that takes one (`--tz Europe/Lon`, `--tz=Europe/Lon`);
 * - an option of the command, when it starts with `-`;
 * - a subcommand, when the command has some and no argument was given yet;
 * - else the command's next argument (`etiq log <outcome>`).
 *
 * Every name and value is a plain word (completion.ts checks), so the scripts hold them
 * unquoted; descriptions are quoted for the shell that shows them (zsh, fish).
 */
import { allCommands, type CommandSpec, type CompletionSpec, type Shell, type ValueSpec } from './completion.js';

/** A command's path as the scripts name it: '' for etiq itself, 'clients set'. */
function key(cmd: CommandSpec): string {
  return cmd.path.join(' ');
}

/** POSIX shells (bash, zsh): a single-quoted word. */
function sq(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** fish: a single-quoted word (only \\ and \' are escapes inside). */
function fishQuote(text: string): string {
  return `'${text.replace(/[\\']/g, (c) => `\\${c}`)}'`;
}

/** Words in lines of at most `width` characters after the indent. */
function wrap(list: readonly string[], indent: string, width = 96): string[] {
  const lines: string[] = [];
  let line = '';
  for (const w of list) {
    if (line !== '' && line.length + 1 + w.length > width) {
      lines.push(indent + line);
      line = w;
    } else line = line === '' ? w : `${line} ${w}`;
  }
  if (line !== '') lines.push(indent + line);
  return lines;
}

function optionNames(cmd: CommandSpec): string[] {
  return cmd.options.flatMap((o) => [o.short, o.long].filter((n): n is string => n !== null));
}

/** The value kind as the bash and zsh scripts name it: files, zones, `words a b`, `text HINT`. */
function kindWord(value: ValueSpec): string {
  switch (value.kind) {
    case 'files':
    case 'zones':
      return value.kind;
    case 'words':
      return `words ${value.words.join(' ')}`;
    case 'text':
      return `text ${value.hint}`;
  }
}

/** The options of a command that take a value, grouped by what they take (in first-seen order). */
function valueOptions(cmd: CommandSpec): Map<string, string[]> {
  const byKind = new Map<string, string[]>();
  for (const o of cmd.options) {
    if (o.value === null) continue;
    const kind = kindWord(o.value);
    const names = byKind.get(kind) ?? [];
    names.push(...[o.short, o.long].filter((n): n is string => n !== null));
    byKind.set(kind, names);
  }
  return byKind;
}

/**
 * POSIX `case` functions shared by bash and zsh: `_etiq_option_value PATH OPTION` and
 * `_etiq_argument PATH N` set REPLY to the value kind (status 1: the option takes none).
 */
function posixKindFunctions(fn: string, commands: readonly CommandSpec[]): string[] {
  const lines: string[] = [];
  lines.push(`# The value option $2 of command $1 takes, in REPLY (files, zones, 'words ...', 'text HINT');`);
  lines.push('# status 1 when it takes none.');
  lines.push(`${fn}_option_value() {`, '  case $1 in');
  for (const cmd of commands) {
    const byKind = valueOptions(cmd);
    if (byKind.size === 0) continue;
    lines.push(`    ${sq(key(cmd))})`, '      case $2 in');
    for (const [kind, names] of byKind) lines.push(`        ${names.join('|')}) REPLY=${sq(kind)} ;;`);
    lines.push('        *) return 1 ;;', '      esac ;;');
  }
  lines.push('    *) return 1 ;;', '  esac', '}', '');
  lines.push('# What argument $2 (counted from 0) of command $1 takes, in REPLY.');
  lines.push(`${fn}_argument() {`, '  case $1 in');
  for (const cmd of commands) {
    if (cmd.args.length === 0) continue;
    lines.push(`    ${sq(key(cmd))})`, '      case $2 in');
    cmd.args.forEach((a, i) => {
      const last = i === cmd.args.length - 1;
      lines.push(`        ${last && a.variadic ? '*' : String(i)}) REPLY=${sq(kindWord(a.value))} ;;`);
    });
    if (!cmd.args.at(-1)!.variadic) lines.push(`        *) REPLY='text' ;;`);
    lines.push('      esac ;;');
  }
  lines.push(`    *) REPLY='text' ;;`, '  esac', '}', '');
  return lines;
}

function bashScript(spec: CompletionSpec, version: string): string {
  const name = spec.name;
  const fn = `_${name.replace(/[^A-Za-z0-9_]/g, '_')}`;
  const commands = allCommands(spec);
  const lines: string[] = [
    `# bash completion for ${name} ${version}, written by \`${name} completion bash\`.`,
    `# Load it from ~/.bashrc:  source <(${name} completion bash)`,
    `# or save it where bash-completion finds it:`,
    `#   ${name} completion bash > ~/.local/share/bash-completion/completions/${name}`,
    '',
    '# The subcommands of command $1 (its path: empty for etiq itself, else e.g. "clients"), in REPLY.',
    `${fn}_subcommands() {`,
    '  case $1 in',
  ];
  for (const cmd of commands) if (cmd.subcommands.length > 0) lines.push(`    ${sq(key(cmd))}) REPLY=${sq(cmd.subcommands.map((c) => c.name).join(' '))} ;;`);
  lines.push(`    *) REPLY='' ;;`, '  esac', '}', '');
  lines.push('# The options of command $1, in REPLY.', `${fn}_options() {`, '  case $1 in');
  for (const cmd of commands) lines.push(`    ${sq(key(cmd))}) REPLY=${sq(optionNames(cmd).join(' '))} ;;`);
  lines.push(`    *) REPLY='' ;;`, '  esac', '}', '');
  lines.push(...posixKindFunctions(fn, commands));
  lines.push(`${fn}_zones() {`, `  REPLY='`, ...wrap(spec.zones, '    '), `  '`, '}', '');
  lines.push(
    `${fn}() {`,
    '  local cur=${COMP_WORDS[COMP_CWORD]} cmdpath= valueof= w REPLY',
    '  local -i i=1 nargs=0',
    '  while (( i < COMP_CWORD )); do',
    '    w=${COMP_WORDS[i]}',
    '    if [[ $w == -?* ]]; then',
    "      # --opt=value: bash splits the word at '='.",
    '      if [[ ${COMP_WORDS[i+1]} == = ]]; then',
    '        if (( i + 2 >= COMP_CWORD )); then valueof=$w; break; fi',
    '        i+=3; continue',
    '      fi',
    `      if [[ $w != *=* ]] && ${fn}_option_value "$cmdpath" "$w"; then`,
    '        if (( i + 1 == COMP_CWORD )); then valueof=$w; break; fi',
    '        i+=2; continue',
    '      fi',
    '    elif [[ $w == [=:] ]]; then',
    "      # A word bash split at ':' or '=' (10:00): its rest is no argument.",
    '      i+=2; continue',
    '    else',
    `      ${fn}_subcommands "$cmdpath"`,
    '      if (( nargs == 0 )) && [[ " $REPLY " == *" $w "* ]]; then',
    '        cmdpath=${cmdpath:+$cmdpath }$w',
    '      else',
    '        nargs+=1',
    '      fi',
    '    fi',
    '    i+=1',
    '  done',
    '  if [[ -n $valueof ]]; then',
    "    [[ $cur == = ]] && cur=",
    `    ${fn}_option_value "$cmdpath" "$valueof"`,
    '  elif [[ $cur == -* ]]; then',
    `    ${fn}_options "$cmdpath"`,
    '    REPLY="words $REPLY"',
    '  else',
    `    ${fn}_subcommands "$cmdpath"`,
    '    if (( nargs == 0 )) && [[ -n $REPLY ]]; then',
    '      REPLY="words $REPLY"',
    '    else',
    `      ${fn}_argument "$cmdpath" "$nargs"`,
    '    fi',
    '  fi',
    '  COMPREPLY=()',
    '  case $REPLY in',
    '    files)',
    '      compopt -o filenames 2>/dev/null',
    `      ${fn}_reply compgen -f -- "$cur" ;;`,
    '    zones)',
    `      ${fn}_zones`,
    `      ${fn}_reply compgen -W "$REPLY" -- "$cur" ;;`,
    "    'words '*)",
    `      ${fn}_reply compgen -W "\${REPLY#words }" -- "$cur" ;;`,
    '  esac',
    '}',
    '',
    '# COMPREPLY from the lines a command prints (a file name may hold spaces; no mapfile in bash 3).',
    `${fn}_reply() {`,
    '  local line',
    '  while IFS= read -r line; do COMPREPLY+=("$line"); done < <("$@")',
    '}',
    '',
    `complete -F ${fn} ${name}`,
    '',
  );
  return lines.join('\n');
}

/** zsh `_describe` entries: `name:description`. */
function describeEntries(entries: readonly [string, string][]): string {
  return entries.map(([n, d]) => sq(`${n.replace(/:/g, '\\:')}:${d}`)).join(' ');
}

function zshScript(spec: CompletionSpec, version: string): string {
  const name = spec.name;
  const fn = `_${name.replace(/[^A-Za-z0-9_]/g, '_')}`;
  const commands = allCommands(spec);
  const lines: string[] = [
    `#compdef ${name}`,
    `# zsh completion for ${name} ${version}, written by \`${name} completion zsh\`.`,
    `# Save it as ${fn} in a folder on $fpath (before compinit runs), or load it from ~/.zshrc`,
    `# after compinit:  source <(${name} completion zsh)`,
    '',
    '# The subcommands of command $1 (its path: empty for etiq itself, else e.g. "clients"),',
    "# in reply as 'name:description'.",
    `${fn}_subcommands() {`,
    '  case $1 in',
  ];
  for (const cmd of commands) {
    if (cmd.subcommands.length > 0) lines.push(`    ${sq(key(cmd))}) reply=(${describeEntries(cmd.subcommands.map((c) => [c.name, c.description]))}) ;;`);
  }
  lines.push('    *) reply=() ;;', '  esac', '}', '');
  lines.push("# The options of command $1, in reply as 'name:description'.", `${fn}_options() {`, '  case $1 in');
  for (const cmd of commands) {
    const entries = cmd.options.flatMap((o) => [o.short, o.long].filter((n): n is string => n !== null).map((n): [string, string] => [n, o.description]));
    lines.push(`    ${sq(key(cmd))}) reply=(${describeEntries(entries)}) ;;`);
  }
  lines.push('    *) reply=() ;;', '  esac', '}', '');
  lines.push(...posixKindFunctions(fn, commands));
  lines.push(`${fn}_zones() {`, '  reply=(', ...wrap(spec.zones, '    '), '  )', '}', '');
  lines.push(
    `${fn}() {`,
    '  local cur=${words[CURRENT]} cmdpath= valueof= w REPLY',
    '  local -a reply names',
    '  local -i i=2 nargs=0',
    '  while (( i < CURRENT )); do',
    '    w=${words[i]}',
    '    if [[ $w == -?* ]]; then',
    `      if [[ $w != *=* ]] && ${fn}_option_value "$cmdpath" "$w"; then`,
    '        if (( i + 1 == CURRENT )); then valueof=$w; break; fi',
    '        i+=2; continue',
    '      fi',
    '    else',
    `      ${fn}_subcommands "$cmdpath"`,
    '      names=(${reply%%:*})',
    '      if (( nargs == 0 && ${names[(Ie)$w]} )); then',
    '        cmdpath=${cmdpath:+$cmdpath }$w',
    '      else',
    '        nargs+=1',
    '      fi',
    '    fi',
    '    i+=1',
    '  done',
    `  if [[ -z $valueof && $cur == --?*=* ]] && ${fn}_option_value "$cmdpath" "\${cur%%=*}"; then`,
    "    compset -P '*='",
    '  elif [[ -n $valueof ]]; then',
    `    ${fn}_option_value "$cmdpath" "$valueof"`,
    '  elif [[ $cur == -* ]]; then',
    `    ${fn}_options "$cmdpath"`,
    '    _describe -t options option reply',
    '    return',
    '  else',
    `    ${fn}_subcommands "$cmdpath"`,
    '    if (( nargs == 0 && $#reply )); then',
    '      _describe -t commands command reply',
    '      return',
    '    fi',
    `    ${fn}_argument "$cmdpath" "$nargs"`,
    '  fi',
    '  local expl',
    '  case $REPLY in',
    '    files) _files ;;',
    `    zones) ${fn}_zones; _wanted time-zones expl 'time zone' compadd -a reply ;;`,
    "    'words '*) reply=(${=${REPLY#words }}); _wanted values expl value compadd -a reply ;;",
    "    'text '*) _message -e values \"${REPLY#text }\" ;;",
    '  esac',
    '}',
    '',
    `# Autoloaded from $fpath, this file is the body of ${fn}: run it. Sourced, register it.`,
    `if [[ \${funcstack[1]-} == ${fn} ]]; then`,
    `  ${fn} "$@"`,
    'else',
    `  compdef ${fn} ${name}`,
    'fi',
    '',
  );
  return lines.join('\n');
}

function fishScript(spec: CompletionSpec, version: string): string {
  const name = spec.name;
  const fn = `__${name.replace(/[^A-Za-z0-9_]/g, '_')}`;
  const commands = allCommands(spec);
  const lines: string[] = [
    `# fish completion for ${name} ${version}, written by \`${name} completion fish\`.`,
    `# Save it:  ${name} completion fish > ~/.config/fish/completions/${name}.fish`,
    `# or load it for this session:  ${name} completion fish | source`,
    '',
    `complete -c ${name} -e`,
    '# No file names, except for the options that take one.',
    `complete -c ${name} -f`,
    '',
    `function ${fn}_subcommands --description 'The subcommands of command $argv[1] (its path: empty for etiq itself)'`,
    '    switch "$argv[1]"',
  ];
  for (const cmd of commands) {
    if (cmd.subcommands.length > 0) lines.push(`        case ${fishQuote(key(cmd))}`, `            printf '%s\\n' ${cmd.subcommands.map((c) => c.name).join(' ')}`);
  }
  lines.push('    end', 'end', '');
  lines.push(`function ${fn}_takes_value --description 'Whether option $argv[2] of command $argv[1] takes a value'`, '    switch "$argv[1]"');
  for (const cmd of commands) {
    const names = [...valueOptions(cmd).values()].flat();
    if (names.length > 0) lines.push(`        case ${fishQuote(key(cmd))}`, `            contains -- $argv[2] ${names.join(' ')}`, '            return');
  }
  lines.push('    end', '    return 1', 'end', '');
  lines.push(
    `# Walks the words before the cursor: sets ${fn}_path (the command) and ${fn}_nargs (its arguments so far).`,
    `function ${fn}_state`,
    '    set -l line (commandline -pc)',
    `    test "$line" = "$${fn}_line"; and return`,
    `    set -g ${fn}_line "$line"`,
    '    set -l tokens (commandline -opc)',
    '    set -e tokens[1]',
    '    set -l cmdpath ""',
    '    set -l nargs 0',
    '    set -l skip 0',
    '    for w in $tokens',
    '        if test $skip -eq 1',
    '            set skip 0',
    '            continue',
    '        end',
    '        switch $w',
    "            case '--*=*'",
    "            case '-*'",
    `                ${fn}_takes_value "$cmdpath" $w; and set skip 1`,
    "            case '*'",
    `                if test $nargs -eq 0; and contains -- $w (${fn}_subcommands "$cmdpath")`,
    '                    set cmdpath (string trim -- "$cmdpath $w")',
    '                else',
    '                    set nargs (math $nargs + 1)',
    '                end',
    '        end',
    '    end',
    `    set -g ${fn}_path "$cmdpath"`,
    `    set -g ${fn}_nargs $nargs`,
    'end',
    '',
    `function ${fn}_at --description 'Whether the command is $argv[1] (and, with $argv[2], it has that many arguments; N+ for N or more)'`,
    `    ${fn}_state`,
    `    test "$${fn}_path" = "$argv[1]"; or return 1`,
    '    set -q argv[2]; or return 0',
    "    if string match -q -- '*+' $argv[2]",
    `        test $${fn}_nargs -ge (string trim -r -c + -- $argv[2])`,
    '    else',
    `        test $${fn}_nargs -eq $argv[2]`,
    '    end',
    'end',
    '',
    `function ${fn}_zones`,
    ...wrap(spec.zones, '    ', 88).map((l) => `    printf '%s\\n' ${l.trim()}`),
    'end',
    '',
  );
  const valueArgs = (v: ValueSpec | null): string => {
    if (v === null) return '';
    switch (v.kind) {
      case 'files':
        return ' -r -F';
      case 'zones':
        return ` -x -a '(${fn}_zones)'`;
      case 'words':
        return ` -x -a ${fishQuote(v.words.join(' '))}`;
      case 'text':
        return ' -x';
    }
  };
  for (const cmd of commands) {
    // The path as one word inside the condition: `agenda`, `"clients set"`, `""` for etiq itself.
    const p = /^[A-Za-z0-9_.+/-]+$/.test(key(cmd)) ? key(cmd) : `"${key(cmd)}"`;
    const at = (n?: string) => fishQuote(`${fn}_at ${p}${n === undefined ? '' : ` ${n}`}`);
    lines.push(`# ${name}${cmd.path.length > 0 ? ` ${key(cmd)}` : ''}`);
    for (const sub of cmd.subcommands) lines.push(`complete -c ${name} -n ${at('0')} -a ${sub.name} -d ${fishQuote(sub.description)}`);
    for (const o of cmd.options) {
      const flags = `${o.short ? ` -s ${o.short.slice(1)}` : ''}${o.long ? ` -l ${o.long.slice(2)}` : ''}`;
      lines.push(`complete -c ${name} -n ${at()}${flags} -d ${fishQuote(o.description)}${valueArgs(o.value)}`);
    }
    cmd.args.forEach((a, i) => {
      const n = a.variadic && i === cmd.args.length - 1 ? `${i}+` : String(i);
      if (a.value.kind === 'text') return;
      const what = a.value.kind === 'files' ? ' -F' : a.value.kind === 'zones' ? ` -a '(${fn}_zones)'` : ` -a ${fishQuote(a.value.words.join(' '))}`;
      lines.push(`complete -c ${name} -n ${at(n)}${what}`);
    });
    lines.push('');
  }
  return lines.join('\n');
}

/** The completion script for a shell. */
export function completionScript(shell: Shell, spec: CompletionSpec, version: string): string {
  switch (shell) {
    case 'bash':
      return bashScript(spec, version);
    case 'zsh':
      return zshScript(spec, version);
    case 'fish':
      return fishScript(spec, version);
  }
}
