export declare function cliNodeArgs(): Promise<string[]>;
