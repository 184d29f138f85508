"""``compliance completion bash|zsh|fish``: a shell completion script, written from the argument
parser itself (every command, option, choice), so it never falls behind the commands.

The script is static: pressing TAB runs the shell's own code, never ``compliance``, so
completion costs nothing however long the tool takes to start. Values that name files
(``PATH``, ``FILE``, ``PACK``) complete as files, ``DIR`` as folders, choices (``--format``,
``--engine``, ``schema NAME``) as their choices; dates, numbers and ``PACK.NAME=VALUE`` are left
to the person typing.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass

from compliance.cli import common

SHELLS = ("bash", "zsh", "fish")
_FILES = {"PATH", "FILE", "PACK"}
_DIRS = {"DIR"}

INSTALL = {
    "bash": "compliance completion bash > ~/.local/share/bash-completion/completions/compliance",
    "zsh": "compliance completion zsh > ~/.zfunc/_compliance  (fpath+=~/.zfunc trong/in ~/.zshrc)",
    "fish": "compliance completion fish > ~/.config/fish/completions/compliance.fish",
}


def register(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "In tập lệnh gợi ý (TAB) cho bash, zsh hoặc fish. Print a shell completion script.\n\n"
        + "\n".join(f"  {shell}: {how}" for shell, how in INSTALL.items())
    )
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument("shell", choices=SHELLS, help="bash, zsh hoặc/or fish")
    common.add_lang(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from compliance.cli import build_parser  # noqa: PLC0415 - the whole tree, only here

    lang = args.lang or common.detect_lang()
    tree = commands(build_parser(), lang)
    script = {"bash": bash, "zsh": zsh, "fish": fish}[args.shell](tree)
    print(script, end="")
    return common.EXIT_OK


# ----------------------------------------------------------------------------- the parser as data


@dataclass(frozen=True, slots=True)
class Option:
    flags: tuple[str, ...]
    value: str | None  # None: a flag; "file", "dir", "choices", "text": what its value is
    choices: tuple[str, ...]
    help: str


@dataclass(frozen=True, slots=True)
class Command:
    name: str
    help: str
    options: tuple[Option, ...]
    positional: str | None  # "file", "choices" or None (nothing to offer)
    choices: tuple[str, ...]


def commands(parser: argparse.ArgumentParser, lang: str) -> tuple[Command, ...]:
    """Every subcommand of ``parser`` with its options (each subcommand's parser is filled in)."""
    (sub,) = (a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    helps = {c.dest: c.help or "" for c in sub._choices_actions}
    out = []
    for name, command in sub.choices.items():
        command.format_usage()  # registers the command's options (cli._CommandParser)
        options, kinds = [], []
        choices: tuple[str, ...] = ()
        for action in command._actions:
            if action.option_strings:
                options.append(_option(action, lang))
            elif action.choices:
                kinds.append("choices")
                choices = tuple(map(str, action.choices))
            elif str(action.metavar or action.dest).upper() in _FILES:
                kinds.append("file")
        positional = "choices" if "choices" in kinds else "file" if "file" in kinds else None
        out.append(Command(name, _words(helps.get(name, ""), lang), tuple(options), positional, choices))
    return tuple(out)


def _option(action: argparse.Action, lang: str) -> Option:
    if action.nargs == 0:
        return Option(tuple(action.option_strings), None, (), _words(action.help or "", lang))
    metavar = str(action.metavar or action.dest).upper()
    if action.choices:
        kind, choices = "choices", tuple(map(str, action.choices))
    else:
        kind, choices = ("file" if metavar in _FILES else "dir" if metavar in _DIRS else "text"), ()
    return Option(tuple(action.option_strings), kind, choices, _words(action.help or "", lang))


def _words(text: str, lang: str) -> str:
    """One language of a bilingual help text ("vi / en"), short, safe in every shell's quotes."""
    vi, sep, en = text.partition(" / ")
    chosen = (en if lang == "en" else vi) if sep else text
    chosen = chosen.split("; ")[0].split(" (")[0].split(": ")[0].split("\n")[0].strip()
    for bad, good in (("'", "’"), ("[", "("), ("]", ")"), (":", " -"), ("\\", ""), ("`", ""), ("$", "")):
        chosen = chosen.replace(bad, good)
    return chosen[:80]


# ----------------------------------------------------------------------------- bash


def bash(tree: tuple[Command, ...]) -> str:
    names = " ".join(c.name for c in tree)
    cases = []
    for c in tree:
        values = []
        for kind in ("choices", "file", "dir", "text"):
            for o in c.options:
                if o.value != kind:
                    continue
                pattern = "|".join(o.flags)
                if kind == "choices":
                    values.append(
                        f'{pattern}) COMPREPLY=($(compgen -W "{" ".join(o.choices)}" -- "$cur")); return ;;'
                    )
                elif kind == "file":
                    values.append(f'{pattern}) COMPREPLY=($(compgen -f -- "$cur")); return ;;')
                elif kind == "dir":
                    values.append(f'{pattern}) COMPREPLY=($(compgen -d -- "$cur")); return ;;')
                else:
                    values.append(f"{pattern}) return ;;")
        flags = " ".join(f for o in c.options for f in o.flags)
        if c.positional == "choices":
            rest = f'COMPREPLY=($(compgen -W "{" ".join(c.choices)}" -- "$cur"))'
        elif c.positional == "file":
            rest = 'COMPREPLY=($(compgen -f -- "$cur"))'
        else:
            rest = "COMPREPLY=()"
        body = "\n".join(f"                {v}" for v in values)
        cases.append(
            f"        {c.name})\n"
            f'            case "$prev" in\n{body}\n            esac\n'
            f"            if [[ $cur == -* ]]; then\n"
            f'                COMPREPLY=($(compgen -W "{flags}" -- "$cur"))\n'
            f"            else\n                {rest}\n            fi\n            ;;"
        )
    return f"""\
# bash completion for compliance (written by `compliance completion bash`)
_compliance() {{
    local cur prev cmd i
    cur=${{COMP_WORDS[COMP_CWORD]}}
    prev=${{COMP_WORDS[COMP_CWORD-1]}}
    cmd=""
    for ((i = 1; i < COMP_CWORD; i++)); do
        case ${{COMP_WORDS[i]}} in
            -*) ;;
            *) cmd=${{COMP_WORDS[i]}}; break ;;
        esac
    done
    if [[ -z $cmd ]]; then
        COMPREPLY=($(compgen -W "{names} -h --help --version" -- "$cur"))
        return
    fi
    case "$cmd" in
{chr(10).join(cases)}
    esac
}}
complete -o filenames -o bashdefault -F _compliance compliance
"""


# ----------------------------------------------------------------------------- zsh


def zsh(tree: tuple[Command, ...]) -> str:
    listed = "\n".join(f"    '{c.name}:{c.help}'" for c in tree)
    cases = []
    for c in tree:
        specs = []
        for o in c.options:
            names = o.flags if len(o.flags) == 1 else None
            head = (
                f"'{o.flags[0]}[{o.help}]"
                if names
                else f"'({' '.join(o.flags)})'{{{','.join(o.flags)}}}'[{o.help}]"
            )
            if o.value is None:
                specs.append(f"{head}'")
            elif o.value == "choices":
                specs.append(f"{head}:VALUE:({' '.join(o.choices)})'")
            elif o.value == "file":
                specs.append(f"{head}:FILE:_files'")
            elif o.value == "dir":
                specs.append(f"{head}:DIR:_files -/'")
            else:
                specs.append(f"{head}:VALUE: '")
        if c.positional == "choices":
            specs.append(f"'*:NAME:({' '.join(c.choices)})'")
        elif c.positional == "file":
            specs.append("'*:PATH:_files'")
        joined = " \\\n                ".join(specs)
        cases.append(
            f"            {c.name})\n            _arguments \\\n                {joined}\n            ;;"
        )
    return f"""\
#compdef compliance
# zsh completion for compliance (written by `compliance completion zsh`)
_compliance() {{
  local curcontext="$curcontext" state line
  typeset -A opt_args
  local -a commands
  commands=(
{listed}
  )
  _arguments -C \\
    '(- *)'{{-h,--help}}'[help]' \\
    '(- *)--version[version]' \\
    '1: :->command' \\
    '*:: :->args'
  case $state in
    command)
      _describe -t commands 'compliance command' commands
      ;;
    args)
      case $words[1] in
{chr(10).join(cases)}
      esac
      ;;
  esac
}}
if [ "$funcstack[1]" = "_compliance" ]; then
  _compliance "$@"
else
  compdef _compliance compliance
fi
"""


# ----------------------------------------------------------------------------- fish


def fish(tree: tuple[Command, ...]) -> str:
    lines = [
        "# fish completion for compliance (written by `compliance completion fish`)",
        "complete -c compliance -f",
        "complete -c compliance -n __fish_use_subcommand -s h -l help -d help",
        "complete -c compliance -n __fish_use_subcommand -l version -d version",
    ]
    lines += [f"complete -c compliance -n __fish_use_subcommand -a {c.name} -d '{c.help}'" for c in tree]
    for c in tree:
        when = f"-n '__fish_seen_subcommand_from {c.name}'"
        for o in c.options:
            flags = " ".join(f"-s {f[1:]}" if len(f) == 2 else f"-l {f[2:]}" for f in o.flags)
            if o.value is None:
                value = ""
            elif o.value == "choices":
                value = f" -x -a '{' '.join(o.choices)}'"
            elif o.value == "file":
                value = " -r -F"
            elif o.value == "dir":
                value = " -x -a '(__fish_complete_directories)'"
            else:
                value = " -x"
            lines.append(f"complete -c compliance {when} {flags}{value} -d '{o.help}'")
        if c.positional == "choices":
            lines.append(f"complete -c compliance {when} -a '{' '.join(c.choices)}'")
        elif c.positional == "file":
            lines.append(f"complete -c compliance {when} -F")
    return "\n".join(lines) + "\n"
