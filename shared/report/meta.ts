/** Identity of the tool in machine outputs (OCSF metadata.product, CycloneDX metadata.tools, evidence manifests). */
export interface ToolInfo {
  name: string;
  vendor: string;
  version: string;
}

export const TOOL_INFO: ToolInfo = { name: 'aispm', vendor: 'aispm open-source project', version: '0.1.0' };
