// SPDX-License-Identifier: GPL-2.0
/*
 * rex-check FILE.cpp [-DNAME[=VALUE]] [-IDIR]...
 *
 * Parses one extension translation unit with the fixed flags of rex build
 * and reports every construct outside the support layer that breaks the
 * safe subset (DESIGN.md section 7), as
 *
 *	file:line:col: error: [rule-name] message
 *	file:line:col: note: the safe alternative
 *
 * The rule diagnostics go to stdout (as clang-tidy's do), the compiler's
 * own errors to stderr.  Exit status: 0 clean, 1 violations, 2 usage or
 * parse errors.
 *
 * Trust: a construct belongs to the support layer when the file it is
 * spelled in (through macro arguments, not macro bodies) resolves, by real
 * path, under <support dir>/rex, or under the toolchain's kernel UAPI
 * header directories (those are only reachable through the support layer:
 * including them from user code is itself a violation).  Everything else is
 * user code, including the program's own headers.
 */
#include "checker.h"
#include "lifetimes.h"

#include <librex/build.h>

#include <clang/AST/ASTConsumer.h>
#include <clang/AST/ASTContext.h>
#include <clang/AST/Attr.h>
#include <clang/AST/DeclCXX.h>
#include <clang/AST/DeclTemplate.h>
#include <clang/AST/RecursiveASTVisitor.h>
#include <clang/Basic/Builtins.h>
#include <clang/Basic/FileManager.h>
#include <clang/Basic/SourceManager.h>
#include <clang/Frontend/CompilerInstance.h>
#include <clang/Frontend/FrontendAction.h>
#include <clang/Lex/PPCallbacks.h>
#include <clang/Lex/Preprocessor.h>
#include <clang/Tooling/Tooling.h>
#include <llvm/ADT/DenseMap.h>
#include <llvm/ADT/DenseSet.h>
#include <llvm/ADT/SmallString.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/Path.h>
#include <llvm/Support/raw_ostream.h>

#include <set>
#include <string>
#include <tuple>
#include <vector>

using namespace clang;

namespace {

using rex_check::Checker;
using rex_check::Lifetimes;
using rex_check::Places;
using rex_check::real_path;

/* What a type contains that the subset forbids. */
enum TypeProblem : unsigned {
	tp_pointer = 1u << 0,
	tp_function_pointer = 1u << 1,
	tp_member_pointer = 1u << 2,
	tp_union = 1u << 3,
	tp_volatile = 1u << 4,
	tp_float = 1u << 5,
	tp_vla = 1u << 6,
	tp_flexible_array = 1u << 7,
};

void walk_type(QualType qt, unsigned &found, int depth)
{
	if (qt.isNull() || depth > 12)
		return;
	if (qt.isVolatileQualified())
		found |= tp_volatile;
	QualType c = qt.getCanonicalType();
	if (c.isVolatileQualified())
		found |= tp_volatile;
	const Type *t = c.getTypePtr();
	if (const auto *p = dyn_cast<PointerType>(t)) {
		found |= p->getPointeeType()->isFunctionType() ? tp_function_pointer : tp_pointer;
		walk_type(p->getPointeeType(), found, depth + 1);
	} else if (isa<MemberPointerType>(t)) {
		found |= tp_member_pointer;
	} else if (isa<BlockPointerType>(t)) {
		found |= tp_pointer;
	} else if (const auto *r = dyn_cast<ReferenceType>(t)) {
		walk_type(r->getPointeeType(), found, depth + 1);
	} else if (const auto *a = dyn_cast<ArrayType>(t)) {
		if (isa<VariableArrayType>(a))
			found |= tp_vla;
		if (isa<IncompleteArrayType>(a))
			found |= tp_flexible_array;
		walk_type(a->getElementType(), found, depth + 1);
	} else if (const auto *f = dyn_cast<FunctionProtoType>(t)) {
		walk_type(f->getReturnType(), found, depth + 1);
		for (QualType param : f->getParamTypes())
			walk_type(param, found, depth + 1);
	} else if (const auto *at = dyn_cast<AtomicType>(t)) {
		walk_type(at->getValueType(), found, depth + 1);
	} else if (const auto *v = dyn_cast<VectorType>(t)) {
		walk_type(v->getElementType(), found, depth + 1);
	} else if (const auto *cx = dyn_cast<ComplexType>(t)) {
		walk_type(cx->getElementType(), found, depth + 1);
	} else if (t->isFloatingType()) {
		found |= tp_float;
	} else if (const auto *rec = dyn_cast<RecordType>(t)) {
		const RecordDecl *rd = rec->getDecl();
		if (rd->isUnion())
			found |= tp_union;
		if (const auto *spec = dyn_cast<ClassTemplateSpecializationDecl>(rd)) {
			for (const TemplateArgument &arg : spec->getTemplateArgs().asArray()) {
				if (arg.getKind() == TemplateArgument::Type)
					walk_type(arg.getAsType(), found, depth + 1);
				else if (arg.getKind() == TemplateArgument::Pack)
					for (const TemplateArgument &each : arg.pack_elements())
						if (each.getKind() == TemplateArgument::Type)
							walk_type(each.getAsType(), found, depth + 1);
			}
		}
	} else if (const auto *ts = dyn_cast<TemplateSpecializationType>(t)) {
		/* dependent specializations in templates */
		for (const TemplateArgument &arg : ts->template_arguments())
			if (arg.getKind() == TemplateArgument::Type)
				walk_type(arg.getAsType(), found, depth + 1);
	}
}

bool in_rex_detail(const Decl *d, bool &in_rex)
{
	in_rex = false;
	bool detail = false;
	for (const DeclContext *dc = d->getDeclContext(); dc; dc = dc->getParent()) {
		if (const auto *ns = dyn_cast<NamespaceDecl>(dc)) {
			if (ns->getName() == "detail" || ns->isAnonymousNamespace())
				detail = true;
			if (isa<TranslationUnitDecl>(ns->getParent()->getRedeclContext()))
				in_rex = ns->getName() == "rex";
		}
	}
	return detail;
}

/*
 * The traversal both passes share: template instantiations and generic
 * lambdas' instantiated bodies, each walked as the function its
 * statements are in (Lifetimes::function_of).
 */
template <typename Derived>
class Traversal : public RecursiveASTVisitor<Derived> {
public:
	explicit Traversal(Lifetimes &lifetimes) : lt_(lifetimes) {}

	bool shouldVisitTemplateInstantiations() const { return true; }

	bool TraverseDecl(Decl *d)
	{
		const auto *f = dyn_cast_or_null<FunctionDecl>(d);
		if (!f || !f->isTemplateInstantiation())
			return RecursiveASTVisitor<Derived>::TraverseDecl(d);
		const FunctionDecl *outer = lt_.enter_instantiation(f);
		bool ok = RecursiveASTVisitor<Derived>::TraverseDecl(d);
		lt_.enter_instantiation(outer);
		return ok;
	}

	bool TraverseLambdaExpr(LambdaExpr *e)
	{
		if (!RecursiveASTVisitor<Derived>::TraverseLambdaExpr(e))
			return false;
		for (const FunctionDecl *f : Lifetimes::generic_calls(e)) {
			const FunctionDecl *outer = lt_.enter_instantiation(f);
			bool ok = this->TraverseStmt(f->getBody());
			lt_.enter_instantiation(outer);
			if (!ok)
				return false;
		}
		return true;
	}

protected:
	Lifetimes &lt_;
};

class Visitor : public Traversal<Visitor> {
public:
	Visitor(Checker &checker, Lifetimes &lifetimes) : Traversal(lifetimes), c_(checker) {}

	bool shouldVisitImplicitCode() const { return false; }

	/* Declarations */

	void check_type(SourceLocation loc, QualType type, llvm::StringRef what)
	{
		unsigned found = 0;
		walk_type(type, found, 0);
		if (found & tp_pointer)
			c_.report(loc, "raw-pointer", what + " has a pointer type '" + type.getAsString() + "'",
				  "use a reference, rex::optional<T &> or rex::span<T> from the support layer");
		if (found & tp_function_pointer)
			c_.report(loc, "function-pointer", what + " has a function pointer type '" + type.getAsString() + "'",
				  "call functions directly, or pass a lambda to a template");
		if (found & tp_member_pointer)
			c_.report(loc, "member-pointer", what + " has a member pointer type '" + type.getAsString() + "'",
				  "access members directly");
		if (found & tp_union)
			c_.report(loc, "union", what + " has a union type '" + type.getAsString() + "'",
				  "use a struct, or separate variables");
		if (found & tp_volatile)
			c_.report(loc, "volatile", what + " has a volatile type '" + type.getAsString() + "'",
				  "use rex::atomic_* operations (rex/atomic.hpp) for shared data");
		if (found & tp_float)
			c_.report(loc, "floating-point", what + " has a floating-point type '" + type.getAsString() + "'",
				  "the kernel has no FPU context for programs: use integer or fixed-point arithmetic");
		if (found & tp_vla)
			c_.report(loc, "vla", what + " is a variable-length array",
				  "use an array with a constant bound");
		/*
		 * T[] has no bound for -fsanitize=array-bounds to check: a
		 * flexible array member in a map value or packet header would
		 * index past its object unchecked.
		 */
		if (found & tp_flexible_array)
			c_.report(loc, "flexible-array", what + " is an array without a bound",
				  "give it a constant bound (indexes are then checked), or use rex::span");
	}

	bool VisitValueDecl(ValueDecl *d)
	{
		if (d->isImplicit() || !c_.is_user(d->getLocation()))
			return true;
		if (auto *f = dyn_cast<FunctionDecl>(d)) {
			check_type(d->getLocation(), f->getReturnType(), "the return type of '" + f->getNameAsString() + "'");
			return true;
		}
		std::string name = d->getNameAsString();
		check_type(d->getLocation(), d->getType(), name.empty() ? std::string("an unnamed parameter") : "'" + name + "'");
		return true;
	}

	bool VisitTypedefNameDecl(TypedefNameDecl *d)
	{
		if (d->isImplicit() || !c_.is_user(d->getLocation()))
			return true;
		check_type(d->getLocation(), d->getUnderlyingType(), "the alias '" + d->getNameAsString() + "'");
		return true;
	}

	bool VisitRecordDecl(RecordDecl *d)
	{
		if (d->isImplicit() || !c_.is_user(d->getLocation()))
			return true;
		if (d->isUnion())
			c_.report(d->getLocation(), "union", "unions are not allowed",
				  "use a struct, or separate variables");
		if (auto *cxx = dyn_cast<CXXRecordDecl>(d); cxx && cxx->hasDefinition() && cxx->getNumVBases())
			c_.report(d->getLocation(), "virtual", "virtual base classes are not allowed",
				  "use non-virtual inheritance or composition");
		return true;
	}

	bool VisitCXXMethodDecl(CXXMethodDecl *d)
	{
		if (d->isImplicit() || !c_.is_user(d->getLocation()))
			return true;
		if (d->isVirtual())
			c_.report(d->getLocation(), "virtual", "virtual function '" + d->getNameAsString() + "'",
				  "Rex programs have no vtables: use templates or a switch over an enum");
		if (d->getMethodQualifiers().hasVolatile())
			c_.report(d->getLocation(), "volatile", "volatile member function", "drop the volatile qualifier");
		return true;
	}

	bool VisitFunctionDecl(FunctionDecl *d)
	{
		if (d->isImplicit() || !c_.is_user(d->getLocation()))
			return true;
		if (const auto *type = d->getType()->getAs<FunctionType>(); type && type->getCallConv() != CC_C)
			c_.report(d->getLocation(), "attribute", "'" + d->getNameAsString() + "' has a non-default calling convention",
				  "remove the calling-convention attribute");
		/*
		 * A function the program puts into a support-layer class (an
		 * explicit specialization of a member, span's fits() say, would
		 * have its private access), or its own body for a support-layer
		 * function template (read_as, say).
		 */
		if (const auto *rd = dyn_cast<CXXRecordDecl>(d->getDeclContext());
		    rd && !rd->isLambda() && !c_.is_user(rd->getLocation()))
			c_.report(d->getLocation(), "specialization",
				  "'" + d->getQualifiedNameAsString() + "' is declared in a class of the support layer",
				  "its members are the support layer's; write a function of your own");
		else if (d->getTemplateSpecializationKind() == TSK_ExplicitSpecialization)
			check_specialization(d, d->getPrimaryTemplate(), true);
		if (d->isTemplateInstantiation() || d->getFriendObjectKind() != Decl::FOK_None || d->isDependentContext())
			return true;
		if (d->isPureVirtual())
			return true;
		if (!d->doesThisDeclarationHaveABody() && !d->isDefaulted() && !d->isDeleted() && !d->getDefinition())
			c_.report(d->getLocation(), "extern-decl",
				  "'" + d->getNameAsString() + "' is declared but not defined in the program",
				  "define the function in the program, or call the public rex:: API");
		return true;
	}

	/* A support-layer map type: derived from rex::detail::map_base (hash_map through keyed_map). */
	bool is_map_type(QualType type)
	{
		const auto *record = type->getAsCXXRecordDecl();
		if (!record || !record->hasDefinition() || c_.is_user(record->getLocation()))
			return false;
		bool derived = false;
		record->forallBases([&derived](const CXXRecordDecl *b) {
			derived = derived || b->getQualifiedNameAsString() == "rex::detail::map_base";
			return true;
		});
		return derived;
	}

	bool is_map(VarDecl *d)
	{
		if (!is_map_type(d->getType()))
			return false;
		/* Declared by REX_MAP: its section attribute comes from the support layer. */
		for (const auto *section : d->specific_attrs<SectionAttr>())
			if (!c_.is_user(section->getLocation()))
				return true;
		return false;
	}

	/*
	 * A map object made anywhere but by REX_MAP (a local, say) has no map
	 * bound to it: its kernel pointer is 0, and a lookup through it writes
	 * near address 0.  Copies of REX_MAP's maps are fine.
	 */
	bool VisitCXXConstructExpr(CXXConstructExpr *e)
	{
		if (!e->isTypeDependent() && c_.is_user(e->getBeginLoc()))
			lt_.check_call(e);
		const CXXConstructorDecl *ctor = e->getConstructor();
		if (!ctor || ctor->isCopyOrMoveConstructor() || !is_map_type(e->getType()) ||
		    map_inits_.count(e) || !c_.is_user(e->getBeginLoc()))
			return true;
		c_.report(e->getBeginLoc(), "map-outside-rex-map",
			  "a map object made outside REX_MAP has no kernel map bound to it",
			  "declare maps at namespace scope with REX_MAP(name, type)");
		return true;
	}

	bool VisitVarDecl(VarDecl *d)
	{
		if (!d->isImplicit() && is_map(d) && d->getInit())
			map_inits_.insert(d->getInit()->IgnoreImplicit());
		if (d->isImplicit() || !c_.is_user(d->getLocation()) || isa<ParmVarDecl>(d))
			return true;
		if (d->hasLocalStorage())
			lt_.check_init(d->getLocation(), d, "'" + d->getNameAsString() + "'", "at the end of its declaration");
		if (d->getTLSKind() != VarDecl::TLS_None)
			c_.report(d->getLocation(), "thread-local", "thread-local variable '" + d->getNameAsString() + "'",
				  "use a rex::percpu_array map for per-CPU state");
		if (d->hasGlobalStorage() && !d->isLocalExternDecl() && !d->getType()->isDependentType()) {
			bool constant = d->isConstexpr() || d->getType().isConstQualified();
			const char *kind = d->isStaticLocal() ? "static local" : "global";
			const CXXRecordDecl *record = d->getType()->getBaseElementTypeUnsafe()->getAsCXXRecordDecl();
			if (!constant && !is_map(d))
				c_.report(d->getLocation(), "mutable-global",
					  "'" + d->getNameAsString() + "' is a mutable " + kind + " variable",
					  "make it const/constexpr, or keep state in a map declared with REX_MAP");
			else if (constant && record && record->hasDefinition() && record->hasMutableFields())
				c_.report(d->getLocation(), "mutable-global",
					  "'" + d->getNameAsString() + "' is a const " + kind + " with mutable members",
					  "drop 'mutable', or keep state in a map declared with REX_MAP");
			else if (constant && !is_map(d) && d->hasInit() && !d->getInit()->isValueDependent() &&
				 !d->hasConstantInitialization())
				c_.report(d->getLocation(), "mutable-global",
					  "'" + d->getNameAsString() + "' is a " + kind +
						  " initialized at run time (its guard and value persist between runs)",
					  "initialize it with a constant expression (constexpr), or keep state in a map");
		}
		if (d->isThisDeclarationADefinition() == VarDecl::DeclarationOnly && !d->getDefinition() &&
		    !d->getDeclContext()->isDependentContext() && d->getTemplateSpecializationKind() == TSK_Undeclared)
			c_.report(d->getLocation(), "extern-decl",
				  "'" + d->getNameAsString() + "' is declared but not defined in the program",
				  "define the variable in the program, or use a map declared with REX_MAP");
		return true;
	}

	bool VisitFileScopeAsmDecl(FileScopeAsmDecl *d)
	{
		if (c_.is_user(d->getLocation()))
			c_.report(d->getLocation(), "inline-asm", "file-scope asm is not allowed",
				  "use the rex:: API; assembly cannot be checked");
		return true;
	}

	bool VisitDecl(Decl *d)
	{
		if (d->isImplicit())
			return true;
		for (const Attr *a : d->attrs()) {
			if (a->isImplicit() || !c_.is_user(a->getLocation()))
				continue;
			if (isa<AsmLabelAttr>(a))
				c_.report(a->getLocation(), "inline-asm", "asm labels are not allowed", "drop the asm(\"...\") name");
			else if (isa<SectionAttr, CodeSegAttr, VisibilityAttr, TypeVisibilityAttr, AliasAttr, IFuncAttr,
				       WeakAttr, WeakRefAttr, WeakImportAttr, UsedAttr, RetainAttr, NakedAttr, ConstructorAttr,
				       DestructorAttr, InitPriorityAttr, CDeclAttr, StdCallAttr, FastCallAttr, ThisCallAttr,
				       VectorCallAttr, RegCallAttr, MSABIAttr, SysVABIAttr, PreserveMostAttr, PreserveAllAttr,
				       PreserveNoneAttr, AnyX86InterruptAttr, NoSplitStackAttr, PatchableFunctionEntryAttr>(a))
				c_.report(a->getLocation(), "attribute",
					  llvm::Twine("attribute '") + a->getSpelling() + "' changes sections, linkage, visibility or calling convention",
					  "remove it: rex build places code and maps itself (use REX_MAP/REX_PROGRAM)");
			else if (removes_checks(a))
				c_.report(a->getLocation(), "attribute",
					  llvm::Twine("attribute '") + a->getSpelling() +
						  "' turns off a check, or makes a promise the compiler would trust unchecked",
					  "remove it: the bounds and arithmetic checks are what keep the program safe");
		}
		return true;
	}

	/* Attributes after which the compiler drops a sanitizer check or assumes what nothing checks. */
	static bool removes_checks(const Attr *a)
	{
		return isa<NoSanitizeAttr, DisableSanitizerInstrumentationAttr, OptimizeNoneAttr, NonNullAttr,
			   ReturnsNonNullAttr, AllocSizeAttr, AllocAlignAttr, AssumeAlignedAttr, OMPAssumeAttr,
			   CXXAssumeAttr, NoBuiltinAttr, NoStackProtectorAttr, NoInstrumentFunctionAttr,
			   /* leaves a local uninitialized despite -ftrivial-auto-var-init=zero */
			   UninitializedAttr,
			   /* other instruction sets than -mgeneral-regs-only: FPU state the kernel does not save */
			   TargetAttr, TargetClonesAttr, TargetVersionAttr, CPUSpecificAttr, CPUDispatchAttr,
			   /* "writes no memory" or "does not escape", trusted unchecked */
			   PureAttr, ConstAttr, NoEscapeAttr>(a);
	}

	bool VisitAttributedStmt(AttributedStmt *s)
	{
		for (const Attr *a : s->getAttrs())
			if (!a->isImplicit() && c_.is_user(a->getLocation()) && removes_checks(a))
				c_.report(a->getLocation(), "attribute",
					  llvm::Twine("attribute '") + a->getSpelling() +
						  "' makes a promise the compiler would trust unchecked",
					  "remove it, and test the condition instead (rex::panic if it fails)");
		return true;
	}

	bool VisitBuiltinBitCastExpr(BuiltinBitCastExpr *e)
	{
		if (c_.is_user(e->getBeginLoc()))
			c_.report(e->getBeginLoc(), "reinterpret-cast", "__builtin_bit_cast reinterprets bytes as another type",
				  "use rex::read_as on a span of bytes, or the rex byte-order types");
		return true;
	}

	/* Programs do not specialize the support layer's templates (rex::is_plain_data, say). */
	template <typename Spec>
	void check_specialization(Spec *d, const Decl *primary, bool explicit_spec)
	{
		if (!explicit_spec || !primary || !c_.is_user(d->getLocation()) || c_.is_user(primary->getLocation()))
			return;
		c_.report(d->getLocation(), "specialization",
			  "'" + d->getQualifiedNameAsString() + "' specializes a template of the support layer",
			  "its rules hold for every type; declare a type or template of your own");
	}

	bool VisitClassTemplateSpecializationDecl(ClassTemplateSpecializationDecl *d)
	{
		check_specialization(d, d->getSpecializedTemplate(),
				     isa<ClassTemplatePartialSpecializationDecl>(d) ||
					     d->getSpecializationKind() == TSK_ExplicitSpecialization);
		return true;
	}

	bool VisitVarTemplateSpecializationDecl(VarTemplateSpecializationDecl *d)
	{
		check_specialization(d, d->getSpecializedTemplate(),
				     isa<VarTemplatePartialSpecializationDecl>(d) ||
					     d->getSpecializationKind() == TSK_ExplicitSpecialization);
		return true;
	}

	/* Statements and expressions */

	bool VisitAsmStmt(AsmStmt *s)
	{
		if (c_.is_user(s->getAsmLoc()))
			c_.report(s->getAsmLoc(), "inline-asm", "inline assembly is not allowed",
				  "use the rex:: API; assembly cannot be checked");
		return true;
	}

	bool VisitGotoStmt(GotoStmt *s)
	{
		if (c_.is_user(s->getGotoLoc()))
			c_.report(s->getGotoLoc(), "goto", "goto is not allowed", "use structured control flow (break, return, a loop)");
		return true;
	}

	bool VisitIndirectGotoStmt(IndirectGotoStmt *s)
	{
		if (c_.is_user(s->getGotoLoc()))
			c_.report(s->getGotoLoc(), "goto", "computed goto is not allowed", "use a switch");
		return true;
	}

	bool VisitAddrLabelExpr(AddrLabelExpr *e)
	{
		if (c_.is_user(e->getExprLoc()))
			c_.report(e->getExprLoc(), "goto", "label addresses are not allowed", "use a switch");
		return true;
	}

	bool VisitCXXNewExpr(CXXNewExpr *e)
	{
		if (c_.is_user(e->getBeginLoc()))
			c_.report(e->getBeginLoc(), "new-delete", e->getNumPlacementArgs() ? "placement new is not allowed" : "new is not allowed",
				  "use local variables, or a map for storage that outlives the program run");
		return true;
	}

	bool VisitCXXDeleteExpr(CXXDeleteExpr *e)
	{
		if (c_.is_user(e->getBeginLoc()))
			c_.report(e->getBeginLoc(), "new-delete", "delete is not allowed",
				  "use local variables, or a map for storage that outlives the program run");
		return true;
	}

	bool VisitCXXReinterpretCastExpr(CXXReinterpretCastExpr *e)
	{
		if (c_.is_user(e->getOperatorLoc()))
			c_.report(e->getOperatorLoc(), "reinterpret-cast", "reinterpret_cast is not allowed",
				  "use static_cast between value types, or rex::bit_cast-style copies of plain data");
		return true;
	}

	bool VisitCXXConstCastExpr(CXXConstCastExpr *e)
	{
		if (c_.is_user(e->getOperatorLoc()))
			c_.report(e->getOperatorLoc(), "const-cast", "const_cast is not allowed",
				  "make the object non-const where it is declared");
		return true;
	}

	static bool involves_pointer_or_reference(QualType type)
	{
		if (type.isNull())
			return false;
		if (type->isReferenceType())
			return true;
		unsigned found = 0;
		walk_type(type, found, 0);
		return found & (tp_pointer | tp_function_pointer | tp_member_pointer);
	}

	bool VisitExplicitCastExpr(ExplicitCastExpr *e)
	{
		if (!c_.is_user(e->getBeginLoc()))
			return true;
		bool bad = involves_pointer_or_reference(e->getTypeAsWritten()) ||
			   involves_pointer_or_reference(e->getSubExprAsWritten()->getType());
		if (!bad)
			return true;
		if (isa<CStyleCastExpr, CXXFunctionalCastExpr>(e))
			c_.report(e->getBeginLoc(), "c-style-cast", "C-style or functional cast involving a pointer or reference",
				  "use static_cast between value types");
		else if (isa<CXXStaticCastExpr>(e))
			c_.report(e->getBeginLoc(), "raw-pointer", "cast to or from a pointer type",
				  "use references and rex::span<T> instead of pointers");
		return true;
	}

	bool VisitUnaryOperator(UnaryOperator *e)
	{
		if (!c_.is_user(e->getOperatorLoc()))
			return true;
		QualType type = e->getType();
		switch (e->getOpcode()) {
		case UO_AddrOf:
			if (type->isMemberPointerType())
				c_.report(e->getOperatorLoc(), "member-pointer", "taking a member pointer", "access members directly");
			else if (type->isPointerType())
				c_.report(e->getOperatorLoc(), "address-of", "taking an address yields a raw pointer",
					  "pass a reference instead");
			break;
		case UO_Plus:
			if (type->isPointerType())
				c_.report(e->getOperatorLoc(), "function-pointer", "unary + yields a pointer (e.g. a lambda's function pointer)",
					  "call the lambda directly, or pass it to a template");
			break;
		case UO_PreInc:
		case UO_PreDec:
		case UO_PostInc:
		case UO_PostDec:
			if (type->isPointerType())
				c_.report(e->getOperatorLoc(), "pointer-arith", "pointer arithmetic", "index a rex::span<T> instead");
			break;
		default:
			break;
		}
		return true;
	}

	bool VisitBinaryOperator(BinaryOperator *e)
	{
		if (!c_.is_user(e->getOperatorLoc()))
			return true;
		if (e->getOpcode() == BO_PtrMemD || e->getOpcode() == BO_PtrMemI) {
			c_.report(e->getOperatorLoc(), "member-pointer", "member pointer access", "access members directly");
			return true;
		}
		if (e->isAdditiveOp() || e->getOpcode() == BO_AddAssign || e->getOpcode() == BO_SubAssign)
			if (e->getLHS()->getType()->isPointerType() || e->getRHS()->getType()->isPointerType())
				c_.report(e->getOperatorLoc(), "pointer-arith", "pointer arithmetic", "index a rex::span<T> instead");
		return true;
	}

	bool VisitArraySubscriptExpr(ArraySubscriptExpr *e)
	{
		/* a[i] on an array: the decay of a is part of indexing (bounds-checked). */
		if (auto *cast = dyn_cast<ImplicitCastExpr>(e->getBase()->IgnoreParens());
		    cast && cast->getCastKind() == CK_ArrayToPointerDecay) {
			exempt_.insert(cast);
			return true;
		}
		if (c_.is_user(e->getExprLoc()) && e->getBase()->getType()->isPointerType())
			c_.report(e->getExprLoc(), "pointer-arith", "indexing a raw pointer", "index a rex::span<T> instead");
		return true;
	}

	bool VisitImplicitCastExpr(ImplicitCastExpr *e)
	{
		if (exempt_.count(e) || !c_.is_user(e->getExprLoc()))
			return true;
		if (e->getCastKind() == CK_ArrayToPointerDecay) {
			/* String literals: immutable, and user code cannot hold the pointer. */
			if (isa<StringLiteral>(e->getSubExpr()->IgnoreParens()))
				return true;
			c_.report(e->getExprLoc(), "array-decay", "array-to-pointer decay",
				  "pass the array by reference, or as rex::span<T>");
		} else if (e->getCastKind() == CK_FunctionToPointerDecay) {
			c_.report(e->getExprLoc(), "function-pointer", "a function used as a function pointer",
				  "call functions directly, or pass a lambda to a template");
		}
		return true;
	}

	bool VisitCallExpr(CallExpr *e)
	{
		if (auto *cast = dyn_cast<ImplicitCastExpr>(e->getCallee()->IgnoreParens());
		    cast && cast->getCastKind() == CK_FunctionToPointerDecay)
			exempt_.insert(cast);
		if (!c_.is_user(e->getExprLoc()) || e->isTypeDependent() || e->getCallee()->isTypeDependent())
			return true;
		lt_.check_call(e);
		const FunctionDecl *callee = e->getDirectCallee();
		if (!callee) {
			if (!isa<CXXPseudoDestructorExpr>(e->getCallee()->IgnoreParens()) &&
			    !e->getCallee()->getType()->isDependentType())
				c_.report(e->getExprLoc(), "function-pointer", "indirect call through a pointer",
					  "call functions directly");
			return true;
		}
		std::string name = callee->getNameAsString();
		/* optional<T>::operator-> and the like: the pointer is only dereferenced. */
		if (callee->getReturnType()->isPointerType() && callee->getOverloadedOperator() != OO_Arrow)
			c_.report(e->getExprLoc(), "raw-pointer", "'" + name + "' returns a raw pointer",
				  "use the rex:: API's references, rex::optional<T &> or rex::span<T>");
		if (unsigned id = callee->getBuiltinID()) {
			if (id == Builtin::BI__builtin_alloca || id == Builtin::BI__builtin_alloca_with_align ||
			    id == Builtin::BIalloca || id == Builtin::BI__builtin_alloca_uninitialized ||
			    id == Builtin::BI__builtin_alloca_with_align_uninitialized)
				c_.report(e->getExprLoc(), "alloca", "alloca is not allowed", "use an array with a constant bound");
			else if (id != Builtin::BI__builtin_expect && id != Builtin::BI__builtin_constant_p)
				c_.report(e->getExprLoc(), "forbidden-call", "call to compiler builtin '" + name + "'",
					  "use the public rex:: API");
			return true;
		}
		const FunctionDecl *pattern = callee->getTemplateInstantiationPattern();
		if (!pattern)
			pattern = callee;
		bool in_rex = false;
		bool detail = in_rex_detail(pattern, in_rex);
		if (c_.is_user(pattern->getLocation())) {
			if (!pattern->isDefined() && !pattern->isImplicit() && !isa<CXXMethodDecl>(pattern))
				c_.report(e->getExprLoc(), "forbidden-call", "call to '" + name + "', which the program does not define",
					  "define it in the program, or call the public rex:: API");
			return true;
		}
		if (detail || !in_rex)
			c_.report(e->getExprLoc(), "forbidden-call",
				  "call to '" + pattern->getQualifiedNameAsString() + "', which is not public rex:: API",
				  "call only functions of the program and the public rex:: API");
		return true;
	}

	/* A pointer value produced in user code: a call or member returning one, +lambda. */
	bool VisitMemberExpr(MemberExpr *e)
	{
		if (!e->isTypeDependent() && e->getType()->isPointerType() && c_.is_user(e->getMemberLoc()))
			c_.report(e->getMemberLoc(), "raw-pointer", "member '" + e->getMemberDecl()->getNameAsString() + "' is a raw pointer",
				  "use the rex:: API's references, rex::optional<T &> or rex::span<T>");
		return true;
	}

	/* Names of the support layer's internals, as types or values. */
	void check_internal(SourceLocation loc, const NamedDecl *d)
	{
		if (!d || !c_.is_user(loc) || c_.is_user(d->getLocation()))
			return;
		bool in_rex = false;
		if (in_rex_detail(d, in_rex) && in_rex)
			c_.report(loc, "internal-name", "'" + d->getQualifiedNameAsString() + "' is internal to the support layer",
				  "use only the public rex:: API");
	}

	bool VisitDeclRefExpr(DeclRefExpr *e)
	{
		check_internal(e->getLocation(), e->getDecl());
		return true;
	}

	bool VisitTagTypeLoc(TagTypeLoc tl)
	{
		check_internal(tl.getNameLoc(), tl.getDecl());
		return true;
	}

	bool VisitTemplateSpecializationTypeLoc(TemplateSpecializationTypeLoc tl)
	{
		if (TemplateDecl *t = tl.getTypePtr()->getTemplateName().getAsTemplateDecl())
			check_internal(tl.getTemplateNameLoc(), t);
		return true;
	}

	bool VisitTypedefTypeLoc(TypedefTypeLoc tl)
	{
		check_internal(tl.getNameLoc(), tl.getTypedefNameDecl());
		return true;
	}

	bool VisitExpr(Expr *e)
	{
		if (!e->getType().isNull() && !e->isTypeDependent() && e->getType()->isFloatingType() &&
		    c_.is_user(e->getExprLoc()))
			c_.report(e->getExprLoc(), "floating-point", "floating-point expression",
				  "the kernel has no FPU context for programs: use integer or fixed-point arithmetic");
		return true;
	}

	/* Lifetimes of views */

	bool VisitCXXOperatorCallExpr(CXXOperatorCallExpr *e)
	{
		if (e->getOperator() == OO_Equal && e->getNumArgs() == 2 && !e->isTypeDependent() &&
		    lt_.holds_address(e->getArg(0)->getType()) && c_.is_user(e->getOperatorLoc()))
			lt_.check_assignment(e->getOperatorLoc(), e->getArg(0), e->getArg(1));
		return true;
	}


	bool VisitReturnStmt(ReturnStmt *s)
	{
		if (c_.is_user(s->getReturnLoc()))
			lt_.check_return(s);
		return true;
	}

	bool VisitCXXConstructorDecl(CXXConstructorDecl *d)
	{
		if (!d->isImplicit() && d->hasBody() && !d->isDependentContext() && c_.is_user(d->getLocation()))
			lt_.check_constructor(d);
		return true;
	}

	bool VisitCXXForRangeStmt(CXXForRangeStmt *s)
	{
		if (const VarDecl *range = s->getRangeStmt() ? dyn_cast<VarDecl>(s->getRangeStmt()->getSingleDecl()) : nullptr;
		    range && c_.is_user(s->getForLoc()))
			lt_.check_init(s->getColonLoc(), range, "the range of this for loop", "before the loop's first iteration");
		return true;
	}

private:
	Checker &c_;

	llvm::DenseSet<const Expr *> exempt_;
	llvm::DenseSet<const Expr *> map_inits_; /* the initializers of REX_MAP's maps */
};

/* The first pass: what binds a view (Lifetimes), and the lambdas. */
class Bindings : public Traversal<Bindings> {
public:
	Bindings(Checker &checker, Lifetimes &lifetimes) : Traversal(lifetimes), c_(checker) {}


	bool VisitCXXOperatorCallExpr(CXXOperatorCallExpr *e)
	{
		if (e->getOperator() == OO_Equal && e->getNumArgs() == 2 && !e->isTypeDependent() &&
		    lt_.holds_address(e->getArg(0)->getType()) && c_.is_user(e->getOperatorLoc()))
			lt_.note_assignment(e->getArg(0), e->getArg(1));
		return true;
	}

	bool VisitCallExpr(CallExpr *e)
	{
		if (!e->isTypeDependent() && c_.is_user(e->getExprLoc()))
			lt_.note_call(e);
		return true;
	}

	bool VisitCXXConstructExpr(CXXConstructExpr *e)
	{
		if (!e->isTypeDependent() && c_.is_user(e->getBeginLoc()))
			lt_.note_call(e);
		return true;
	}

	bool VisitCXXConstructorDecl(CXXConstructorDecl *d)
	{
		if (!d->isImplicit() && d->hasBody() && !d->isDependentContext() && c_.is_user(d->getLocation()))
			lt_.note_constructor(d);
		return true;
	}

	bool VisitLambdaExpr(LambdaExpr *e)
	{
		lt_.note_lambda(e);
		return true;
	}

private:
	Checker &c_;
};

class PreprocessorRules : public PPCallbacks {
public:
	explicit PreprocessorRules(Checker &checker) : c_(checker) {}

	void InclusionDirective(SourceLocation hash, const Token &, StringRef name, bool angled, CharSourceRange,
				OptionalFileEntryRef file, StringRef, StringRef, const Module *, bool,
				SrcMgr::CharacteristicKind) override
	{
		if (!c_.is_user(hash) || !file)
			return;
		if (!c_.is_user_include(file->getName()))
			c_.report(hash, "include",
				  llvm::Twine("#include ") + (angled ? "<" : "\"") + name + (angled ? ">" : "\"") +
					  " is neither the support layer nor a header of the program",
				  "include only <rex/...> and the program's own headers");
	}

	void PragmaDirective(SourceLocation loc, PragmaIntroducerKind) override
	{
		/* Clang's predefines carry pragmas of their own; -D cannot add a directive. */
		if (!c_.is_user(loc) || !c_.sm().getFileEntryRefForID(c_.sm().getFileID(c_.origin(loc))))
			return;
		bool invalid = false;
		const char *text = c_.sm().getCharacterData(c_.sm().getSpellingLoc(loc), &invalid);
		if (!invalid) {
			llvm::StringRef rest(text, 256);
			rest = rest.substr(0, rest.find('\n'));
			size_t at = rest.find("pragma");
			if (at != llvm::StringRef::npos) {
				llvm::StringRef word = rest.substr(at + 6).ltrim(" \t(\"");
				if (word.starts_with("once"))
					return;
			}
		}
		c_.report(loc, "pragma", "#pragma is not allowed", "remove it; only '#pragma once' is accepted");
	}

private:
	Checker &c_;
};

class Consumer : public ASTConsumer {
public:
	explicit Consumer(Checker &checker) : c_(checker) {}

	void HandleTranslationUnit(ASTContext &context) override
	{
		if (context.getDiagnostics().hasErrorOccurred())
			return;
		Lifetimes lifetimes(c_, context);
		Bindings bindings(c_, lifetimes);
		bindings.TraverseDecl(context.getTranslationUnitDecl());
		Visitor visitor(c_, lifetimes);
		visitor.TraverseDecl(context.getTranslationUnitDecl());
	}

private:
	Checker &c_;
};

class Action : public ASTFrontendAction {
public:
	explicit Action(Checker &checker) : c_(checker) {}

	std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &ci, StringRef) override
	{
		c_.set_source_manager(ci.getSourceManager());
		ci.getPreprocessor().addPPCallbacks(std::make_unique<PreprocessorRules>(c_));
		return std::make_unique<Consumer>(c_);
	}

private:
	Checker &c_;
};

int usage(const llvm::Twine &why)
{
	llvm::errs() << "rex-check: " << why << "\nusage: rex-check FILE.cpp [-DNAME[=VALUE]] [-IDIR]...\n";
	return 2;
}

} // namespace

int main(int argc, char **argv)
{
	rex::BuildOptions options;
	for (int i = 1; i < argc; i++) {
		std::string arg = argv[i];
		if (arg == "-I" && i + 1 < argc)
			arg += argv[++i];
		if (arg == "-h" || arg == "--help")
			return usage("checks a Rex program against the safe C++ subset");
		if (arg.size() > 1 && arg[0] == '-') {
			rex::Result<void> ok = rex::check_user_flag(arg);
			if (!ok)
				return usage(ok.error().message());
			options.user_flags.push_back(arg);
		} else if (options.source.empty()) {
			options.source = arg;
		} else {
			return usage("one source file only");
		}
	}
	if (options.source.empty())
		return usage("no source file");
	if (!llvm::sys::fs::exists(options.source))
		return usage("no such file: " + options.source);

	rex::BuildToolchain toolchain = rex::BuildToolchain::configured();
	std::vector<std::string> command = rex::compile_command(toolchain, options, "/dev/null");
	/* ... -c SOURCE -o OBJECT -> ... -fsyntax-only SOURCE; warnings are rex build's compile step's. */
	command.resize(command.size() - 4);
	command.insert(command.end(), {"-fsyntax-only", "-w", options.source});

	Places places;
	places.support_rex = real_path(toolchain.support_dir + "/rex");
	places.toolchain.push_back(real_path(toolchain.rex_uapi_dir));
	for (const std::string &dir : toolchain.kernel_header_dirs)
		places.toolchain.push_back(real_path(dir));
	places.user.push_back(real_path(llvm::sys::path::parent_path(real_path(options.source))));
	for (const std::string &flag : options.user_flags)
		if (llvm::StringRef(flag).starts_with("-I"))
			places.user.push_back(real_path(flag.substr(2)));

	Checker checker(places);
	llvm::IntrusiveRefCntPtr<FileManager> files(new FileManager(FileSystemOptions()));
	tooling::ToolInvocation invocation(command, std::make_unique<Action>(checker), files.get());
	if (!invocation.run())
		return 2;
	return checker.violations() ? 1 : 0;
}
