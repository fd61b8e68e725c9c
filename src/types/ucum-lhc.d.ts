/** The part of @lhncbc/ucum-lhc this service uses (the package ships no type declarations). */
declare module '@lhncbc/ucum-lhc' {
  export interface ConversionResult {
    status: 'succeeded' | 'failed' | 'error';
    toVal: number | null;
    msg: string[];
  }
  export interface UcumLhcUtils {
    convertUnitTo(
      fromUnitCode: string,
      fromVal: number,
      toUnitCode: string,
      options?: { molecularWeight?: number; charge?: number; suggestions?: boolean },
    ): ConversionResult;
  }
  export const UcumLhcUtils: { getInstance(): UcumLhcUtils };
}
