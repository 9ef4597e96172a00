// Direction of a sentence made by the engine: Arabic if it holds Arabic letters
// (even when it starts with a brand name like "Alexa"), otherwise left to right.
// dir="auto" would judge by the first letter and set "Alexa: ..." left to right.
const ARABIC_LETTERS = /[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF]/;

export function textDirection(text: string): 'rtl' | 'ltr' {
  return ARABIC_LETTERS.test(text) ? 'rtl' : 'ltr';
}
