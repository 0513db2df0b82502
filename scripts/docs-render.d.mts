// Types of docs-render.mjs, for the test that renders the docs from the source tree.
import type { Command } from 'commander';

export function commandList(program: Command): { path: string[]; cmd: Command }[];
export function renderMarkdown(program: Command): string;
export function renderMan(program: Command, version: string): string;
