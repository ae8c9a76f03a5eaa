// SPDX-License-Identifier: GPL-2.0
/*
 * rex-check: lifetimes of views (lifetimes.h).
 */
#include "lifetimes.h"

#include <clang/AST/Attr.h>
#include <clang/AST/DeclCXX.h>
#include <clang/AST/DeclTemplate.h>
#include <clang/AST/ParentMapContext.h>
#include <clang/AST/RecursiveASTVisitor.h>
#include <llvm/ADT/STLExtras.h>

namespace rex_check {

namespace {

/* Deeper than this, a view is not followed and the check says so. */
constexpr int max_depth = 512;

const char *const note_scope =
	"declare the view where its target lives (like a reference, bind it once), or keep the data in a map";
const char *const note_outlive =
	"bind it to memory that outlives it (a parameter's target, a map value), or keep the data in a map";
const char *const note_returned = "return the value itself, or a view of memory that outlives the call (a parameter's, a map's)";

} // namespace

bool Lifetimes::Targets::add(const VarDecl *v)
{
	if (llvm::is_contained(vars, v))
		return false;
	vars.push_back(v);
	return true;
}

bool Lifetimes::Targets::add(Param p)
{
	if (llvm::is_contained(params, p))
		return false;
	params.push_back(p);
	return true;
}

bool Lifetimes::Targets::add(const Targets &other)
{
	bool grew = false;
	for (const VarDecl *v : other.vars)
		grew |= add(v);
	for (Param p : other.params)
		grew |= add(p);
	auto merge = [&grew](bool &mine, bool theirs) {
		if (theirs && !mine) {
			mine = true;
			grew = true;
		}
	};
	merge(temporary, other.temporary);
	merge(self_storage, other.self_storage);
	merge(self_targets, other.self_targets);
	merge(constructed, other.constructed);
	for (const FunctionDecl *c : other.closures)
		if (!llvm::is_contained(closures, c)) {
			closures.push_back(c);
			grew = true;
		}
	merge(through_reference, other.through_reference);
	return grew;
}

bool Lifetimes::holds_address(QualType type)
{
	if (type.isNull())
		return false;
	type = type.getCanonicalType();
	if (type->isReferenceType() || type->isPointerType() || type->isMemberPointerType())
		return true;
	if (const ArrayType *array = ctx_.getAsArrayType(type))
		return holds_address(array->getElementType());
	const CXXRecordDecl *record = type->getAsCXXRecordDecl();
	if (!record || !record->hasDefinition())
		return false;
	record = record->getDefinition();
	auto cached = records_.find(record);
	if (cached != records_.end())
		return cached->second;
	records_[record] = false; /* a cycle through templates adds nothing */
	bool holds = record->getQualifiedNameAsString() == "rex::detail::holds_address";
	for (const CXXBaseSpecifier &base : record->bases())
		holds = holds || holds_address(base.getType());
	for (const FieldDecl *field : record->fields())
		holds = holds || holds_address(field->getType());
	if (const auto *spec = dyn_cast<ClassTemplateSpecializationDecl>(record))
		for (const TemplateArgument &arg : spec->getTemplateArgs().asArray())
			holds = holds || (arg.getKind() == TemplateArgument::Type && holds_address(arg.getAsType()));
	records_[record] = holds;
	return holds;
}

/*
 * A view: it holds an address and ends nothing when it goes.  A type with
 * a destructor that does something (a ring-buffer record, a task
 * reference) owns what it gives access to: what it hands out lives as
 * long as the object itself, not as long as its referent.
 */
bool Lifetimes::is_view(QualType type)
{
	type = type.getNonReferenceType();
	if (!holds_address(type))
		return false;
	const CXXRecordDecl *record = type->getBaseElementTypeUnsafe()->getAsCXXRecordDecl();
	return !record || !record->hasDefinition() || record->getDefinition()->hasTrivialDestructor();
}

/* One of the support layer's views (span, string_view, optional<T &>, ...), not a container of them. */
bool Lifetimes::is_view_class(QualType type)
{
	const CXXRecordDecl *record = type.getNonReferenceType()->getAsCXXRecordDecl();
	if (!record || !record->hasDefinition())
		return false;
	bool derived = false;
	record->getDefinition()->forallBases([&derived](const CXXRecordDecl *b) {
		derived = derived || b->getQualifiedNameAsString() == "rex::detail::holds_address";
		return true;
	});
	return derived;
}

bool Lifetimes::has_reference_member(QualType type, int depth)
{
	if (depth > 12)
		return false;
	type = type.getNonReferenceType().getCanonicalType();
	if (const ArrayType *array = ctx_.getAsArrayType(type))
		return has_reference_member(array->getElementType(), depth + 1);
	const CXXRecordDecl *record = type->getAsCXXRecordDecl();
	if (!record || !record->hasDefinition())
		return false;
	record = record->getDefinition();
	for (const FieldDecl *field : record->fields())
		if (field->getType()->isReferenceType() || has_reference_member(field->getType(), depth + 1))
			return true;
	for (const CXXBaseSpecifier &base : record->bases())
		if (has_reference_member(base.getType(), depth + 1))
			return true;
	return false;
}

bool Lifetimes::is_user_function(const FunctionDecl *f)
{
	const FunctionDecl *pattern = f->getTemplateInstantiationPattern();
	return c_.is_user((pattern ? pattern : f)->getLocation());
}

bool Lifetimes::is_map_method(const FunctionDecl *f)
{
	const auto *method = dyn_cast<CXXMethodDecl>(f);
	if (!method)
		return false;
	bool derived = method->getParent()->getQualifiedNameAsString() == "rex::detail::map_base";
	if (method->getParent()->hasDefinition())
		method->getParent()->forallBases([&derived](const CXXRecordDecl *b) {
			derived = derived || b->getQualifiedNameAsString() == "rex::detail::map_base";
			return true;
		});
	return derived;
}

/* The object a member function is called on, and the index of the first argument that is a parameter. */
const Expr *Lifetimes::object_of(const CallExpr *call, const FunctionDecl *f, unsigned &first)
{
	first = 0;
	if (const auto *member = dyn_cast<CXXMemberCallExpr>(call))
		return member->getImplicitObjectArgument();
	const auto *method = dyn_cast<CXXMethodDecl>(f);
	if (method && method->isInstance() && isa<CXXOperatorCallExpr>(call) && call->getNumArgs()) {
		first = 1;
		return call->getArg(0);
	}
	return nullptr;
}

std::vector<const FunctionDecl *> Lifetimes::generic_calls(const LambdaExpr *lambda)
{
	std::vector<const FunctionDecl *> calls;
	if (const FunctionTemplateDecl *pattern = lambda->isGenericLambda() ? lambda->getDependentCallOperator() : nullptr)
		for (const FunctionDecl *spec : pattern->specializations())
			if (spec->hasBody())
				calls.push_back(spec);
	return calls;
}

/* Where things are */

const FunctionDecl *Lifetimes::function_of(const Stmt *s)
{
	DynTypedNodeList parents = ctx_.getParents(*s);
	for (int guard = 0; !parents.empty() && guard < 1024; guard++) {
		const DynTypedNode &node = parents[0];
		const FunctionDecl *f = node.get<FunctionDecl>();
		if (const auto *lambda = node.get<LambdaExpr>())
			f = lambda->getCallOperator();
		if (!f) {
			parents = ctx_.getParents(node);
			continue;
		}
		/* The instantiation of a generic lambda being walked, not its pattern. */
		if (instantiation_ && instantiation_->getTemplateInstantiationPattern() == f)
			return instantiation_;
		return f;
	}
	return nullptr;
}

const FunctionDecl *Lifetimes::enter_instantiation(const FunctionDecl *f)
{
	const FunctionDecl *outer = instantiation_;
	instantiation_ = f;
	return outer;
}

/* The member function whose *this s means: through lambdas, which capture it. */
const FunctionDecl *Lifetimes::method_of_this(const Stmt *s)
{
	const FunctionDecl *f = function_of(s);
	for (int guard = 0; f && guard < 64; guard++) {
		const auto *method = dyn_cast<CXXMethodDecl>(f);
		if (!method || !method->getParent()->isLambda())
			return f;
		auto lambda = lambdas_.find(method);
		if (lambda == lambdas_.end())
			return nullptr;
		f = function_of(lambda->second);
	}
	return f;
}

/* The scope a local lives in: the nearest block, loop, if, switch or function body. */
const Stmt *Lifetimes::scope_of(const VarDecl *v)
{
	if (const auto *param = dyn_cast<ParmVarDecl>(v)) {
		const auto *f = dyn_cast_or_null<FunctionDecl>(param->getParentFunctionOrMethod());
		return f ? f->getBody() : nullptr;
	}
	DynTypedNodeList parents = ctx_.getParents(*v);
	for (int guard = 0; !parents.empty() && guard < 1024; guard++) {
		const Stmt *s = parents[0].get<Stmt>();
		if (!s)
			return nullptr;
		if (isa<CompoundStmt, ForStmt, CXXForRangeStmt, IfStmt, WhileStmt, SwitchStmt, DoStmt>(s))
			return s;
		parents = ctx_.getParents(*s);
	}
	return nullptr;
}

/*
 * The next enclosing statement: through a declaration (a variable's
 * initializer) to its DeclStmt, and through a lambda's body to the lambda.
 */
const Stmt *Lifetimes::parent_stmt(const Stmt *s)
{
	DynTypedNodeList parents = ctx_.getParents(*s);
	for (int guard = 0; !parents.empty() && guard < 16; guard++) {
		for (const DynTypedNode &node : parents)
			if (const Stmt *p = node.get<Stmt>())
				return p;
		const Decl *d = parents[0].get<Decl>();
		if (const auto *method = dyn_cast_or_null<CXXMethodDecl>(d); method && method->getParent()->isLambda()) {
			auto lambda = lambdas_.find(method);
			return lambda == lambdas_.end() ? nullptr : lambda->second;
		}
		if (!d || isa<FunctionDecl>(d))
			return nullptr;
		parents = ctx_.getParents(*d);
	}
	return nullptr;
}

/* Whether v's scope ends before that of var: v's scope lies within it. */
bool Lifetimes::dies_before(const VarDecl *v, const VarDecl *var)
{
	const Stmt *inner = scope_of(v), *outer = scope_of(var);
	if (!inner || !outer || inner == outer)
		return false;
	for (const Stmt *s = parent_stmt(inner); s; s = parent_stmt(s))
		if (s == outer)
			return true;
	return false;
}

/*
 * Whether every return of f is "return *this;" (a method for chaining) or
 * a member of *this (an accessor): its result is part of its object.
 */
bool Lifetimes::returns_this(const FunctionDecl *f)
{
	if (!f->getReturnType()->isReferenceType() || !f->hasBody())
		return false;
	std::vector<const ReturnStmt *> rets = returns_of(f);
	for (const ReturnStmt *ret : rets) {
		const Expr *e = ret->getRetValue();
		for (int guard = 0; e && guard < 32; guard++) {
			e = e->IgnoreParenImpCasts();
			const auto *member = dyn_cast<MemberExpr>(e);
			const auto *field = member ? dyn_cast<FieldDecl>(member->getMemberDecl()) : nullptr;
			if (field && !field->getType()->isReferenceType()) {
				e = member->getBase();
			} else if (const auto *index = dyn_cast<ArraySubscriptExpr>(e)) {
				e = index->getBase();
			} else if (const auto *unary = dyn_cast<UnaryOperator>(e); unary && unary->getOpcode() == UO_Deref) {
				e = unary->getSubExpr();
			} else {
				break;
			}
		}
		if (!e || !isa<CXXThisExpr>(e->IgnoreParenImpCasts()))
			return false;
	}
	return !rets.empty();
}

/*
 * What an assignment's left side belongs to: one root, or two for a
 * conditional.  Through a reference variable to what it was bound to,
 * through the support layer's views (*opt, span[i]) indirectly to the
 * view, through a chaining method to its object.
 */
llvm::SmallVector<Lifetimes::Root, 2> Lifetimes::roots_of(const Expr *e, bool indirect, int depth)
{
	llvm::SmallVector<Root, 2> roots;
	Root unknown;
	for (int guard = 0; e && guard < 64 && depth < 16; guard++) {
		e = e->IgnoreParenImpCasts();
		Root root;
		if (const auto *cond = dyn_cast<AbstractConditionalOperator>(e)) {
			roots = roots_of(cond->getTrueExpr(), indirect, depth + 1);
			roots.append(roots_of(cond->getFalseExpr(), indirect, depth + 1));
			return roots;
		}
		if (const auto *member = dyn_cast<MemberExpr>(e)) {
			const auto *field = dyn_cast<FieldDecl>(member->getMemberDecl());
			indirect = indirect || !field || field->getType()->isReferenceType();
			e = member->getBase();
			continue;
		}
		if (const auto *index = dyn_cast<ArraySubscriptExpr>(e)) {
			e = index->getBase();
			continue;
		}
		if (const auto *call = dyn_cast<CallExpr>(e)) {
			const FunctionDecl *f = call->getDirectCallee();
			unsigned first = 0;
			const Expr *self = f ? object_of(call, f, first) : nullptr;
			if (!self)
				break;
			if (is_user_function(f)) {
				if (!returns_this(f))
					break;
			} else if (is_view_class(self->getType())) {
				/* *opt, opt.value(), span[i]: what the view views */
				indirect = true;
			} else if (!f->getReturnType()->isReferenceType()) {
				break; /* rex::array's operator[] is an element of the array itself */
			}
			e = self;
			continue;
		}
		if (const auto *unary = dyn_cast<UnaryOperator>(e); unary && unary->getOpcode() == UO_Deref) {
			const Expr *sub = unary->getSubExpr()->IgnoreParenImpCasts();
			if (isa<CXXThisExpr>(sub)) {
				e = sub;
				continue;
			}
			/* *__begin of a range-for: an element of the range */
			const auto *it = dyn_cast<DeclRefExpr>(sub);
			const auto *var = it ? dyn_cast<VarDecl>(it->getDecl()) : nullptr;
			if (!var || !var->isImplicit() || !var->getType()->isPointerType() || !var->getInit())
				break;
			const Expr *begin = var->getInit()->IgnoreParenImpCasts();
			if (const auto *call = dyn_cast<CXXMemberCallExpr>(begin)) {
				begin = call->getImplicitObjectArgument();
				indirect = indirect || is_view_class(begin->getType());
			}
			e = begin;
			continue;
		}
		if (isa<CXXThisExpr>(e)) {
			root.kind = indirect ? Root::indirect : Root::self;
			root.key = method_of_this(e);
			roots.push_back(root);
			return roots;
		}
		const auto *ref = dyn_cast<DeclRefExpr>(e);
		const auto *v = ref ? dyn_cast<VarDecl>(ref->getDecl()) : nullptr;
		if (!v || !v->hasLocalStorage())
			break;
		if (v->getType()->isReferenceType() && !isa<ParmVarDecl>(v)) {
			/* a reference variable is what it was bound to */
			if (v->getInit() && v->getInit()->isGLValue() &&
			    !isa<MaterializeTemporaryExpr>(v->getInit()->IgnoreParenImpCasts())) {
				e = v->getInit();
				depth++;
				continue;
			}
			indirect = true;
		}
		root.key = v;
		root.var = v;
		if (indirect || (v->getType()->isReferenceType() && !isa<ParmVarDecl>(v)))
			root.kind = Root::indirect;
		else if (v->getType()->isReferenceType())
			root.kind = Root::parameter;
		else
			root.kind = Root::local;
		roots.push_back(root);
		return roots;
	}
	roots.push_back(unknown);
	return roots;
}

std::string Lifetimes::describe(const Expr *e)
{
	e = e->IgnoreParenImpCasts();
	if (const auto *ref = dyn_cast<DeclRefExpr>(e))
		return "'" + ref->getDecl()->getNameAsString() + "'";
	if (const auto *member = dyn_cast<MemberExpr>(e))
		return "member '" + member->getMemberDecl()->getNameAsString() + "'";
	if (isa<CXXThisExpr>(e))
		return "*this";
	return "the view";
}

/* What an expression may view */

Lifetimes::Targets Lifetimes::targets(const Expr *e, bool object, int depth)
{
	Targets out;
	if (!e)
		return out;
	if (depth > max_depth) {
		overflow_ = true;
		return out;
	}
	if (e->isTypeDependent() || e->isValueDependent())
		return out;
	e = e->IgnoreParens();
	if (e->isPRValue() && !holds_address(e->getType()))
		return out; /* a value views nothing */
	depth++;
	if (const auto *cast = dyn_cast<ImplicitCastExpr>(e)) {
		if (cast->getCastKind() == CK_LValueToRValue)
			return holds_address(cast->getType()) ? targets(cast->getSubExpr(), false, depth) : out;
		return targets(cast->getSubExpr(), object || cast->getCastKind() == CK_ArrayToPointerDecay, depth);
	}
	if (const auto *ref = dyn_cast<DeclRefExpr>(e)) {
		if (const auto *binding = dyn_cast<BindingDecl>(ref->getDecl()))
			return targets(binding->getBinding(), object, depth);
		const auto *v = dyn_cast<VarDecl>(ref->getDecl());
		if (!v || !v->hasLocalStorage())
			return out;
		if (const FunctionDecl *owner = ref->refersToEnclosingVariableOrCapture() ? closure_of_copy(ref, v) : nullptr) {
			/* a lambda's own copy, in its closure */
			if (is_view(v->getType().getNonReferenceType()))
				out = origin(v, depth);
			if (object || !is_view(v->getType().getNonReferenceType()))
				out.closures.push_back(owner);
			return out;
		}
		const auto *param = dyn_cast<ParmVarDecl>(v);
		if (param && v->getType()->isReferenceType()) {
			/* the caller's object, or what it views */
			if (is_view(v->getType())) {
				out.add(Param{param, false});
				if (object)
					out.add(Param{param, true});
			} else {
				out.add(Param{param, true});
			}
			return out;
		}
		if (v->getType()->isReferenceType()) {
			/* what it was bound to, and what was assigned through it */
			auto memo = references_.find({v, object});
			if (memo != references_.end())
				return memo->second;
			out = targets(v->getInit(), object, depth);
			auto bound = bindings_.find(v);
			if (bound != bindings_.end()) {
				std::vector<Binding> list = bound->second;
				for (const Binding &b : list)
					out.add(binding_targets(b, depth));
			}
			references_[{v, object}] = out;
			return out;
		}
		if (is_view(v->getType())) {
			out = origin(v, depth);
			if (object)
				out.add(v);
			return out;
		}
		out.add(v);
		return out;
	}
	if (isa<CXXThisExpr>(e)) {
		(object ? out.self_storage : out.self_targets) = true;
		return out;
	}
	if (const auto *member = dyn_cast<MemberExpr>(e)) {
		const auto *field = dyn_cast<FieldDecl>(member->getMemberDecl());
		if (!field)
			return out;
		return targets(member->getBase(), object && !field->getType()->isReferenceType(), depth);
	}
	if (const auto *index = dyn_cast<ArraySubscriptExpr>(e)) {
		/* an element of a C array: the array itself only where the element is bound by reference */
		const Expr *base = index->getBase()->IgnoreParens();
		if (const auto *decay = dyn_cast<ImplicitCastExpr>(base); decay && decay->getCastKind() == CK_ArrayToPointerDecay)
			return targets(decay->getSubExpr(), object, depth);
		return targets(base, object, depth);
	}
	if (const auto *unary = dyn_cast<UnaryOperator>(e); unary && unary->getOpcode() == UO_Deref) {
		/* *__begin of a range-for: an element of the range, as for indexing */
		const auto *it = dyn_cast<DeclRefExpr>(unary->getSubExpr()->IgnoreParenImpCasts());
		const auto *var = it ? dyn_cast<VarDecl>(it->getDecl()) : nullptr;
		if (var && var->isImplicit() && var->getType()->isPointerType() && var->getInit()) {
			const Expr *begin = var->getInit()->IgnoreParens();
			if (const auto *decay = dyn_cast<ImplicitCastExpr>(begin);
			    decay && decay->getCastKind() == CK_ArrayToPointerDecay)
				return targets(decay->getSubExpr(), object, depth);
			if (const auto *call = dyn_cast<CallExpr>(begin->IgnoreImplicit()))
				return call_targets(call, object, depth);
		}
	}
	if (const auto *temp = dyn_cast<MaterializeTemporaryExpr>(e)) {
		out = targets(temp->getSubExpr(), false, depth);
		if (object) {
			const auto *v = dyn_cast_or_null<VarDecl>(temp->getExtendingDecl());
			if (!v)
				out.temporary = true;
			else if (v->hasLocalStorage())
				out.add(v);
		}
		return out;
	}
	if (const auto *call = dyn_cast<CallExpr>(e))
		return call_targets(call, object, depth);
	if (const auto *statement = dyn_cast<StmtExpr>(e)) {
		/* ({ ...; value; }), as REX_TRY: the value of the last statement */
		const CompoundStmt *body = statement->getSubStmt();
		if (!body->body_empty())
			if (const auto *last = dyn_cast<Expr>(body->body_back()))
				return targets(last, object, depth);
		return out;
	}
	if (const auto *construct = dyn_cast<CXXConstructExpr>(e))
		return construct_targets(construct, depth);
	if (const auto *lambda = dyn_cast<LambdaExpr>(e)) {
		for (const LambdaCapture &capture : lambda->captures())
			if (capture.capturesThis())
				out.self_storage = true;
		for (const Expr *init : lambda->capture_inits())
			if (init && !isa<CXXThisExpr>(init->IgnoreParenImpCasts()))
				out.add(targets(init, init->isGLValue(), depth));
		return out;
	}
	if (const auto *list = dyn_cast<InitListExpr>(e)) {
		for (const Expr *init : list->inits())
			out.add(targets(init, init->isGLValue(), depth));
		return out;
	}
	if (const auto *list = dyn_cast<CXXParenListInitExpr>(e)) {
		for (const Expr *init : list->getInitExprs())
			out.add(targets(init, init->isGLValue(), depth));
		return out;
	}
	if (const auto *cond = dyn_cast<AbstractConditionalOperator>(e)) {
		out.add(targets(cond->getTrueExpr(), object, depth));
		out.add(targets(cond->getFalseExpr(), object, depth));
		return out;
	}
	if (const auto *binary = dyn_cast<BinaryOperator>(e)) {
		if (binary->getOpcode() == BO_Comma)
			return targets(binary->getRHS(), object, depth);
		if (binary->isAssignmentOp())
			return targets(binary->getLHS(), object, depth);
	}
	if (const auto *arg = dyn_cast<CXXDefaultArgExpr>(e))
		return targets(arg->getExpr(), object, depth);
	if (const auto *init = dyn_cast<CXXDefaultInitExpr>(e)) {
		/* a default member initializer: its *this is the object being made */
		out = targets(init->getExpr(), object, depth);
		if (out.self_storage)
			out.constructed = true;
		out.self_storage = out.self_targets = false;
		return out;
	}
	if (const auto *opaque = dyn_cast<OpaqueValueExpr>(e))
		return targets(opaque->getSourceExpr(), object, depth);
	for (const Stmt *child : e->children())
		if (const auto *sub = dyn_cast_or_null<Expr>(child))
			out.add(targets(sub, object, depth));
	return out;
}

/*
 * The lambda whose closure holds what ref names, when that is a copy the
 * lambda captured: ref's own lambda, or one around it that captured v by
 * copy while the inner ones captured it by reference.
 */
const FunctionDecl *Lifetimes::closure_of_copy(const DeclRefExpr *ref, const VarDecl *v)
{
	const auto *method = dyn_cast_or_null<CXXMethodDecl>(function_of(ref));
	for (int guard = 0; method && method->getParent()->isLambda() && guard < 16; guard++) {
		const LambdaCapture *found = nullptr;
		for (const LambdaCapture &capture : method->getParent()->captures())
			if (capture.capturesVariable() && capture.getCapturedVar() == v)
				found = &capture;
		if (!found)
			return nullptr;
		if (found->getCaptureKind() == LCK_ByCopy)
			return method;
		auto lambda = lambdas_.find(method);
		if (lambda == lambdas_.end())
			return nullptr;
		method = dyn_cast_or_null<CXXMethodDecl>(function_of(lambda->second));
	}
	return nullptr;
}

namespace {

/* The return statements of one function, not of the lambdas in it. */
class ReturnCollector : public RecursiveASTVisitor<ReturnCollector> {
public:
	std::vector<const ReturnStmt *> found;
	bool TraverseLambdaExpr(LambdaExpr *) { return true; }
	bool VisitReturnStmt(ReturnStmt *s)
	{
		found.push_back(s);
		return true;
	}
};

} // namespace

std::vector<const ReturnStmt *> Lifetimes::returns_of(const FunctionDecl *f)
{
	auto memo = returns_.find(f);
	if (memo != returns_.end())
		return memo->second;
	ReturnCollector collector;
	if (f->getBody())
		collector.TraverseStmt(const_cast<Stmt *>(f->getBody()));
	returns_[f] = collector.found;
	return collector.found;
}

/* What a local view (or a by-value view parameter) was ever bound to. */
Lifetimes::Targets Lifetimes::origin(const VarDecl *v, int depth)
{
	if (done_.count(v))
		return origins_[v];
	if (active_.count(v)) {
		cycle_ = true;
		return origins_[v];
	}
	active_.insert(v);
	Targets out;
	if (const auto *param = dyn_cast<ParmVarDecl>(v))
		out.add(Param{param, false});
	else
		out.add(targets(v->getInit(), v->getType()->isReferenceType(), depth));
	auto bound = bindings_.find(v);
	if (bound != bindings_.end()) {
		std::vector<Binding> list = bound->second;
		for (const Binding &b : list)
			out.add(binding_targets(b, depth));
	}
	if (out.constructed) {
		out.constructed = false; /* a constructor made it view itself */
		out.add(v);
	}
	if (origins_[v].add(out))
		grew_ = true;
	active_.erase(v);
	done_.insert(v);
	return origins_[v];
}

template <typename F>
Lifetimes::Targets Lifetimes::solve(F compute)
{
	Targets t;
	if (gave_up_)
		return t;
	for (int pass = 0;; pass++) {
		cycle_ = grew_ = false;
		t = compute();
		if (!cycle_ || !grew_)
			break;
		if (pass == 32) {
			overflow_ = true; /* not settled: refuse rather than guess */
			break;
		}
		forget_pass();
	}
	return t;
}

/* What one pass of solve() knew: recomputed in the next, from what has grown. */
void Lifetimes::forget_pass()
{
	done_.clear();
	references_.clear();
	out_summaries_.pass.clear();
	returns_summaries_.pass.clear();
}

Lifetimes::Targets Lifetimes::binding_targets(const Binding &b, int depth)
{
	if (b.rhs)
		return targets(b.rhs, b.object, depth);
	std::vector<Out> outs = outs_of(b.call);
	return b.out < outs.size() ? out_targets(b.call, outs[b.out], depth) : Targets{};
}

/*
 * An argument bound to parameter param of the support layer (or of a
 * function of the program that is not summarized).  A view passed by
 * reference is itself viewed only where the result may be a reference to
 * it; anything else passed by reference is viewed.
 */
Lifetimes::Targets Lifetimes::argument_targets(const Expr *arg, const ParmVarDecl *param, bool returns_reference,
						int depth)
{
	QualType type = param->getType();
	if (type->isReferenceType())
		return targets(arg, returns_reference || param->hasAttr<LifetimeBoundAttr>() || !is_view(arg->getType()),
			       depth);
	if (holds_address(type))
		return targets(arg, false, depth);
	return {};
}

Lifetimes::Targets Lifetimes::support_call_targets(const CallExpr *call, const FunctionDecl *f, bool object, int depth)
{
	Targets out;
	if (is_map_method(f))
		return out; /* a map's lookups view the map */
	QualType result = f->getReturnType();
	bool returns_reference = result->isReferenceType() || result->isPointerType();
	unsigned first = 0;
	if (const Expr *self = object_of(call, f, first)) {
		QualType type = self->getType();
		if (type->isPointerType())
			type = type->getPointeeType();
		bool self_object;
		if (is_view_class(type)) {
			self_object = false; /* a view's methods return parts of what it views */
		} else if (returns_reference) {
			self_object = object; /* an element of a container: itself, or what it views */
		} else {
			/* by value: a copy of an element (optional<span>::value_or), or a view of the container */
			self_object = true;
			if (const auto *spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(type->getAsCXXRecordDecl()))
				for (const TemplateArgument &arg : spec->getTemplateArgs().asArray())
					if (arg.getKind() == TemplateArgument::Type &&
					    ctx_.hasSameUnqualifiedType(arg.getAsType(), result))
						self_object = false;
		}
		out.add(targets(self, self_object, depth));
	}
	for (unsigned i = first; i < call->getNumArgs(); i++)
		if (i - first < f->getNumParams())
			out.add(argument_targets(call->getArg(i), f->getParamDecl(i - first), returns_reference && object,
						 depth));
	return out;
}

Lifetimes::Targets Lifetimes::call_targets(const CallExpr *call, bool object, int depth)
{
	const FunctionDecl *f = call->getDirectCallee();
	if (!f) {
		Targets out;
		for (const Expr *arg : call->arguments())
			out.add(targets(arg, arg->isGLValue(), depth));
		return out;
	}
	if (!is_user_function(f) || !f->hasBody())
		return support_call_targets(call, f, object, depth);
	return map_summary(summary_return(f, object && f->getReturnType()->isReferenceType()), f, call, depth);
}

Lifetimes::Targets Lifetimes::construct_targets(const CXXConstructExpr *construct, int depth)
{
	Targets out;
	const CXXConstructorDecl *ctor = construct->getConstructor();
	if (!ctor)
		return out;
	if (is_user_function(ctor) && ctor->hasBody() && !ctor->isImplicit() && !ctor->isDefaulted())
		return map_summary(summary_out(ctor, ctor), ctor, construct, depth);
	if (ctor->isDefaultConstructor() && is_user_function(ctor))
		/* an implicit default constructor runs the default member initializers */
		for (const FieldDecl *field : ctor->getParent()->fields())
			if (field->hasInClassInitializer() && holds_address(field->getType())) {
				Targets t = targets(field->getInClassInitializer(), field->getType()->isReferenceType(), depth);
				out.constructed = out.constructed || t.self_storage;
				t.self_storage = t.self_targets = false;
				out.add(t);
			}
	for (unsigned i = 0; i < construct->getNumArgs() && i < ctor->getNumParams(); i++) {
		const Expr *arg = construct->getArg(i);
		const auto *x = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
			arg->getType().getNonReferenceType()->getAsCXXRecordDecl());
		const auto *y = dyn_cast_or_null<ClassTemplateSpecializationDecl>(construct->getType()->getAsCXXRecordDecl());
		bool same_template = x && y &&
				     x->getSpecializedTemplate()->getCanonicalDecl() ==
					     y->getSpecializedTemplate()->getCanonicalDecl();
		/* A view made from a view of the same kind views what it views. */
		if (ctor->isCopyOrMoveConstructor() || same_template)
			out.add(targets(arg, false, depth));
		else
			out.add(argument_targets(arg, ctor->getParamDecl(i), false, depth));
	}
	return out;
}

/* Summaries of the program's functions, in terms of their parameters and object */

namespace {

/* A summary drops f's own locals: where they escape, f itself is refused. */
void drop_locals(const FunctionDecl *f, llvm::SmallVector<const VarDecl *, 4> &vars)
{
	llvm::erase_if(vars, [f](const VarDecl *v) { return v->getParentFunctionOrMethod() == f; });
}

} // namespace

/*
 * One summary of f under key: settled, or known so far in this pass of
 * solve(), or (while it depends on itself) what has grown so far.  It
 * drops f's own locals and temporaries: where they escape, f is refused.
 */
template <typename Key, typename F>
Lifetimes::Targets Lifetimes::summarize(Summaries<Key> &memo, const Key &key, const FunctionDecl *f, F compute)
{
	auto settled = memo.settled.find(key);
	if (settled != memo.settled.end())
		return settled->second;
	auto pass = memo.pass.find(key);
	if (pass != memo.pass.end())
		return pass->second;
	if (memo.active.count(key)) {
		cycle_ = true; /* recursion: iterated to a fixpoint by solve() */
		return memo.partial[key];
	}
	memo.active.insert(key);
	bool saved = cycle_;
	cycle_ = false;
	Targets t = compute();
	drop_locals(f, t.vars);
	t.temporary = t.constructed = false;
	bool had = cycle_;
	cycle_ = saved || had;
	memo.active.erase(key);
	if (memo.partial[key].add(t))
		grew_ = true;
	(had || overflow_ ? memo.pass : memo.settled)[key] = t;
	return t;
}

Lifetimes::Targets Lifetimes::summary_return(const FunctionDecl *f, bool object)
{
	return summarize(returns_summaries_, std::pair{f, object}, f, [&] {
		Targets t;
		for (const ReturnStmt *ret : returns_of(f))
			t.add(targets(ret->getRetValue(), object, 0));
		return t;
	});
}

Lifetimes::Targets Lifetimes::summary_out(const FunctionDecl *f, const Decl *key)
{
	return summarize(out_summaries_, std::pair{f, key}, f, [&] {
		Targets t;
		auto bound = bindings_.find(key);
		if (bound != bindings_.end()) {
			std::vector<Binding> list = bound->second;
			for (const Binding &b : list)
				if (b.where == f) {
					t.add(binding_targets(b, 0));
					t.through_reference = t.through_reference || b.indirect;
				}
		}
		if (isa<CXXConstructorDecl>(f) && t.constructed)
			t.self_storage = true; /* a delegated or base constructor made the object view itself */
		return t;
	});
}

/* A summary of f, in the terms of the caller: its arguments and object. */
Lifetimes::Targets Lifetimes::map_summary(const Targets &summary, const FunctionDecl *f, const Expr *call, int depth)
{
	Targets out;
	for (const VarDecl *v : summary.vars)
		out.add(v);
	unsigned first = 0;
	const Expr *self = nullptr;
	llvm::ArrayRef<const Expr *> args;
	if (const auto *c = dyn_cast<CallExpr>(call)) {
		self = object_of(c, f, first);
		args = llvm::ArrayRef(c->getArgs(), c->getNumArgs());
	} else if (const auto *c = dyn_cast<CXXConstructExpr>(call)) {
		args = llvm::ArrayRef(c->getArgs(), c->getNumArgs());
	}
	for (Param p : summary.params) {
		if (p.param->getDeclContext() != f) {
			out.add(p); /* an enclosing function's, seen by a lambda */
			continue;
		}
		unsigned i = p.param->getFunctionScopeIndex() + first;
		if (i < args.size())
			out.add(targets(args[i], p.storage, depth));
	}
	out.through_reference = summary.through_reference;
	const auto *method = dyn_cast<CXXMethodDecl>(f);
	if (method && method->getParent()->isLambda()) {
		/* a lambda's *this is the enclosing member function's, or its own copy ([*this]) */
		bool copied_this = false;
		for (const LambdaCapture &capture : method->getParent()->captures())
			copied_this = copied_this || (capture.capturesThis() && capture.getCaptureKind() == LCK_StarThis);
		if (copied_this) {
			if ((summary.self_storage || summary.self_targets) && self)
				out.add(targets(self, true, depth));
		} else {
			out.self_storage = summary.self_storage;
			out.self_targets = summary.self_targets;
		}
		for (const FunctionDecl *c : summary.closures) {
			if (c != f)
				out.closures.push_back(c); /* an enclosing lambda's copy */
			else if (self)
				out.add(targets(self, true, depth));
		}
	} else if (isa_and_nonnull<CXXConstructorDecl>(method)) {
		out.constructed = summary.self_storage;
	} else if (self) {
		if (summary.self_storage)
			out.add(targets(self, true, depth));
		if (summary.self_targets)
			out.add(targets(self, false, depth));
	}
	return out;
}

/* Calls that may rebind a view */

/* By value, a struct of references, or a view of views (optional<span<T> &>), rebinds what it refers to. */
bool Lifetimes::rebinds_through(QualType type)
{
	if (type->isReferenceType())
		return false;
	if (has_reference_member(type))
		return true;
	const auto *spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(type->getAsCXXRecordDecl());
	if (!spec || !is_view_class(type) || spec->getTemplateArgs().size() == 0)
		return false;
	const TemplateArgument &arg = spec->getTemplateArgs()[0];
	return arg.getKind() == TemplateArgument::Type && holds_address(arg.getAsType().getNonReferenceType());
}

/* A closure's call operator, or each instantiation of a generic one. */
std::vector<const FunctionDecl *> Lifetimes::lambda_calls(const CXXRecordDecl *closure)
{
	std::vector<const FunctionDecl *> calls;
	if (const FunctionTemplateDecl *generic = closure->getDependentLambdaCallOperator()) {
		for (const FunctionDecl *spec : generic->specializations())
			calls.push_back(spec);
	} else if (const CXXMethodDecl *op = closure->getLambdaCallOperator()) {
		calls.push_back(op);
	}
	return calls;
}

/* The closure types a value of type holds: itself, or in its fields. */
std::vector<const CXXRecordDecl *> Lifetimes::closures_in(QualType type, int depth)
{
	std::vector<const CXXRecordDecl *> found;
	const CXXRecordDecl *record = type.getNonReferenceType()->getAsCXXRecordDecl();
	if (!record || !record->hasDefinition() || depth > 8)
		return found;
	record = record->getDefinition();
	if (record->isLambda()) {
		found.push_back(record);
		return found;
	}
	for (const FieldDecl *field : record->fields())
		for (const CXXRecordDecl *inner : closures_in(field->getType(), depth + 1))
			found.push_back(inner);
	return found;
}

std::vector<Lifetimes::Out> Lifetimes::outs_of(const Expr *call)
{
	std::vector<Out> outs;
	const FunctionDecl *f = nullptr;
	unsigned first = 0;
	const Expr *self = nullptr;
	llvm::ArrayRef<const Expr *> args;
	if (const auto *c = dyn_cast<CallExpr>(call)) {
		f = c->getDirectCallee();
		if (f)
			self = object_of(c, f, first);
		args = llvm::ArrayRef(c->getArgs(), c->getNumArgs());
	} else if (const auto *c = dyn_cast<CXXConstructExpr>(call)) {
		f = c->getConstructor();
		args = llvm::ArrayRef(c->getArgs(), c->getNumArgs());
	}
	if (!f || call->isTypeDependent() || is_map_method(f))
		return outs;
	auto indirect = [] {
		Root root;
		root.kind = Root::indirect;
		return llvm::SmallVector<Root, 2>{root};
	};
	auto captured_roots = [&](const VarDecl *v) {
		if (v->getType()->isReferenceType() && !isa<ParmVarDecl>(v) && v->getInit() && v->getInit()->isGLValue())
			return roots_of(v->getInit());
		Root root;
		root.key = root.var = v;
		root.kind = v->getType()->isReferenceType() ? Root::indirect
			    : v->hasLocalStorage()	    ? Root::local
							    : Root::unknown;
		return llvm::SmallVector<Root, 2>{root};
	};
	bool user = is_user_function(f);
	for (unsigned i = first; i < args.size() && i - first < f->getNumParams(); i++) {
		QualType type = f->getParamDecl(i - first)->getType();
		bool by_reference = type->isLValueReferenceType() && !type->getPointeeType().isConstQualified() &&
				    holds_address(type->getPointeeType());
		/*
		 * The support layer writes a span's elements, never the span:
		 * only a container of views, or a view of views, is rebound.
		 */
		if (by_reference && !user && is_view_class(type->getPointeeType()))
			by_reference = rebinds_through(type->getPointeeType());
		bool through = user && rebinds_through(type);
		if (by_reference || through)
			outs.push_back({Out::param, i - first, nullptr, by_reference ? roots_of(args[i]) : indirect(),
					describe(args[i]), args[i]->getExprLoc()});
	}
	const auto *method = dyn_cast<CXXMethodDecl>(f);
	if (user && self && method && method->isInstance() && !isa<CXXConstructorDecl>(method)) {
		QualType type = self->getType();
		if (type->isPointerType())
			type = type->getPointeeType();
		if (holds_address(type))
			outs.push_back({Out::self, 0, nullptr, roots_of(self), describe(self), self->getExprLoc()});
	}
	/* What a lambda captured by reference, or the object it captured with this. */
	auto captures = [&](const CXXRecordDecl *closure, Out::Kind kind, unsigned index, const std::string &how,
			    SourceLocation loc) {
		for (const LambdaCapture &capture : closure->captures()) {
			if (capture.capturesThis() && capture.getCaptureKind() == LCK_This) {
				Root root;
				root.kind = Root::self;
				root.key = method_of_this(call);
				if (root.key)
					outs.push_back({kind, index, nullptr, {root}, "*this (captured" + how + ")", loc});
				continue;
			}
			const auto *v = capture.capturesVariable() ? dyn_cast<VarDecl>(capture.getCapturedVar()) : nullptr;
			if (v && capture.getCaptureKind() == LCK_ByRef && holds_address(v->getType()))
				outs.push_back({kind, index, v, captured_roots(v),
						"'" + v->getNameAsString() + "' (captured by reference" + how + ")", loc});
		}
	};
	if (user && method && method->getParent()->isLambda())
		captures(method->getParent(), Out::capture, 0, "", call->getExprLoc());
	/* A lambda passed to a function (alone or in a struct) may be called there, with anything the call is given. */
	for (unsigned i = 0; i < args.size(); i++)
		if (args[i] != self)
			for (const CXXRecordDecl *closure : closures_in(args[i]->getType()))
				captures(closure, Out::closure_argument, i, " by a lambda passed here", args[i]->getExprLoc());
	return outs;
}

/* Where the bindings of a captured view are kept. */
llvm::SmallVector<const Decl *, 2> Lifetimes::out_keys(const Out &out)
{
	llvm::SmallVector<const Decl *, 2> keys;
	if (out.captured)
		keys.push_back(out.captured);
	for (const Root &root : out.roots)
		if (root.key && !llvm::is_contained(keys, root.key))
			keys.push_back(root.key);
	return keys;
}

/* What a call may bind out to. */
Lifetimes::Targets Lifetimes::out_targets(const Expr *call, const Out &out, int depth)
{
	const FunctionDecl *f = nullptr;
	unsigned first = 0;
	llvm::ArrayRef<const Expr *> args;
	if (const auto *c = dyn_cast<CallExpr>(call)) {
		f = c->getDirectCallee();
		if (f)
			object_of(c, f, first);
		args = llvm::ArrayRef(c->getArgs(), c->getNumArgs());
	} else if (const auto *c = dyn_cast<CXXConstructExpr>(call)) {
		f = c->getConstructor();
		args = llvm::ArrayRef(c->getArgs(), c->getNumArgs());
	}
	if (!f)
		return {};
	Targets t;
	bool given = true; /* what the call is given may be bound */
	bool summarized = is_user_function(f) && f->hasBody();
	if (summarized && out.kind == Out::param)
		return map_summary(summary_out(f, f->getParamDecl(out.index)), f, call, depth);
	if (summarized && out.kind == Out::self)
		return map_summary(summary_out(f, f), f, call, depth);
	if (summarized) {
		/*
		 * A lambda called, or given to the function, which calls it: kept
		 * under what the captured variable is (through a reference, what
		 * it was bound to) or under the member function of its this.
		 */
		for (const Decl *key : out_keys(out))
			t.add(map_summary(summary_out(f, key), f, call, depth));
		return t;
	}
	if (out.kind == Out::closure_argument) {
		/* what the lambda binds the view to: its parameters are what the call gives it */
		std::vector<const FunctionDecl *> calls;
		for (const CXXRecordDecl *closure : closures_in(args[out.index]->getType()))
			for (const FunctionDecl *op : lambda_calls(closure))
				calls.push_back(op);
		given = calls.empty();
		for (const FunctionDecl *op : calls) {
			if (!op->hasBody()) {
				given = true;
				continue;
			}
			Targets bound;
			for (const Decl *key : out_keys(out))
				bound.add(summary_out(op, key));
			for (const VarDecl *v : bound.vars)
				t.add(v);
			for (Param p : bound.params) {
				if (p.param->getDeclContext() == op)
					given = true;
				else
					t.add(p);
			}
			t.self_storage = t.self_storage || bound.self_storage;
			t.self_targets = t.self_targets || bound.self_targets;
			for (const FunctionDecl *c : bound.closures) {
				if (c == op)
					t.add(targets(args[out.index], true, depth));
				else if (!llvm::is_contained(t.closures, c))
					t.closures.push_back(c);
			}
		}
		if (!given)
			return t;
	}
	/*
	 * Not summarized: anything the other arguments are or view, and what a
	 * lambda among them binds its reference parameters to (the support
	 * layer's copy of the closure, for what it captured by value).
	 */
	for (unsigned i = first; i < args.size(); i++)
		for (const CXXRecordDecl *closure : closures_in(args[i]->getType()))
			for (const FunctionDecl *op : lambda_calls(closure))
				for (const ParmVarDecl *param : op->parameters())
					if (param->getType()->isLValueReferenceType() && op->hasBody()) {
						Targets bound = summary_out(op, param);
						for (const VarDecl *v : bound.vars)
							t.add(v);
						if (llvm::is_contained(bound.closures, op))
							t.temporary = true;
					}
	for (unsigned i = first; i < args.size(); i++) {
		if (out.kind == Out::closure_argument && i == out.index)
			continue;
		if (i - first < f->getNumParams())
			t.add(argument_targets(args[i], f->getParamDecl(i - first), false, depth));
		else
			t.add(targets(args[i], args[i]->isGLValue(), depth));
	}
	return t;
}

void Lifetimes::record(const llvm::SmallVector<Root, 2> &roots, Binding b)
{
	for (const Root &root : roots) {
		if (!root.key)
			continue;
		b.indirect = root.kind == Root::indirect;
		bindings_[root.key].push_back(b);
	}
}

/* The first pass */

void Lifetimes::note_lambda(const LambdaExpr *lambda)
{
	lambdas_[lambda->getCallOperator()] = lambda;
	for (const FunctionDecl *f : generic_calls(lambda))
		if (const auto *method = dyn_cast<CXXMethodDecl>(f))
			lambdas_[method] = lambda;
}

void Lifetimes::note_assignment(const Expr *lhs, const Expr *rhs)
{
	Binding b;
	b.where = function_of(lhs);
	b.rhs = rhs;
	record(roots_of(lhs), b);
}

void Lifetimes::note_call(const Expr *call)
{
	std::vector<Out> outs = outs_of(call);
	for (unsigned i = 0; i < outs.size(); i++) {
		Binding b;
		b.where = function_of(call);
		b.call = call;
		b.out = i;
		record(outs[i].roots, b);
	}
}

/* A constructor's initializers that may bind a view of the object: members, bases, a delegated constructor. */
bool Lifetimes::binds_view(const CXXCtorInitializer *init, bool &object)
{
	object = false;
	if (!init->getInit())
		return false;
	if (init->isBaseInitializer() || init->isDelegatingInitializer())
		return holds_address(init->getInit()->getType());
	const FieldDecl *field = init->getMember();
	if (!field || !holds_address(field->getType()))
		return false;
	object = field->getType()->isReferenceType();
	return true;
}

void Lifetimes::note_constructor(const CXXConstructorDecl *ctor)
{
	Root self;
	self.kind = Root::self;
	self.key = ctor;
	for (const CXXCtorInitializer *init : ctor->inits()) {
		Binding b;
		if (!binds_view(init, b.object))
			continue;
		b.where = ctor;
		b.rhs = init->getInit();
		record(llvm::SmallVector<Root, 2>{self}, b);
	}
}

/* The checks */

bool Lifetimes::overflowed(SourceLocation loc)
{
	if (gave_up_)
		return true;
	if (!overflow_)
		return false;
	/* the program is refused: the views after this one are not followed */
	gave_up_ = true;
	c_.report(loc, "dangling-view", "this view is bound through too many others for rex-check to follow",
		  "bind it more directly (fewer views assigned from one another, fewer functions calling one another)");
	return true;
}

void Lifetimes::check_bound(SourceLocation loc, const std::string &name, const llvm::SmallVector<Root, 2> &roots,
			    const Targets &t, const FunctionDecl *where)
{
	if (t.temporary || t.constructed)
		c_.report(loc, "dangling-view", name + " is bound to a view of a temporary, destroyed at the end of the statement",
			  "keep the value in a local variable declared in the view's scope, and view that");
	for (const Root &root : roots)
		check_root(loc, name, root, t, where);
}

void Lifetimes::check_root(SourceLocation loc, const std::string &name, const Root &root, const Targets &t,
			   const FunctionDecl *where)
{
	for (const VarDecl *v : t.vars) {
		std::string target = "'" + v->getNameAsString() + "'";
		switch (root.kind) {
		case Root::local:
			if (dies_before(v, root.var))
				c_.report(loc, "dangling-view",
					  name + " is bound to a view of " + target + ", which goes out of scope before '" +
						  root.var->getNameAsString() + "' does",
					  note_scope);
			break;
		case Root::parameter:
		case Root::self:
			if (v->hasLocalStorage() && v->getParentFunctionOrMethod() == where)
				c_.report(loc, "dangling-view", name + " may outlive " + target + ", the local it is bound to view",
					  note_outlive);
			break;
		case Root::indirect:
		case Root::unknown:
			if (v->hasLocalStorage())
				c_.report(loc, "dangling-view", name + " may outlive " + target + ", the local it is bound to view",
					  note_outlive);
			break;
		}
	}
}

void Lifetimes::check_assignment(SourceLocation loc, const Expr *lhs, const Expr *rhs)
{
	Targets t = solve([&] { return targets(rhs, false); });
	if (!overflowed(loc))
		check_bound(loc, describe(lhs), roots_of(lhs), t, function_of(lhs));
}

void Lifetimes::check_call(const Expr *call)
{
	std::vector<Out> outs = outs_of(call);
	for (const Out &out : outs) {
		Targets t = solve([&] { return out_targets(call, out, 0); });
		if (overflowed(out.loc))
			continue;
		llvm::SmallVector<Root, 2> roots = out.roots;
		if (t.through_reference) {
			Root through;
			through.kind = Root::indirect;
			roots.push_back(through); /* rebound through a reference member: anything */
		}
		check_bound(out.loc, out.name, roots, t, function_of(call));
	}
}

void Lifetimes::check_return(const ReturnStmt *ret)
{
	const FunctionDecl *f = function_of(ret);
	if (!f || !ret->getRetValue())
		return;
	QualType type = f->getReturnType();
	if (type->isDependentType() || !holds_address(type))
		return;
	Targets t = solve([&] { return targets(ret->getRetValue(), type->isReferenceType()); });
	if (overflowed(ret->getReturnLoc()))
		return;
	const auto *method = dyn_cast<CXXMethodDecl>(f);
	std::string name = method && method->getParent()->isLambda() ? std::string("the lambda")
								       : "'" + f->getNameAsString() + "'";
	if (t.temporary || t.constructed)
		c_.report(ret->getReturnLoc(), "dangling-return", name + " returns a view of a temporary", note_returned);
	for (const VarDecl *v : t.vars)
		if (v->hasLocalStorage() && v->getParentFunctionOrMethod() == f)
			c_.report(ret->getReturnLoc(), "dangling-return",
				  name + " returns a view of '" + v->getNameAsString() + "', which is destroyed when it returns",
				  note_returned);
}

void Lifetimes::check_init(SourceLocation loc, const VarDecl *v, const llvm::Twine &what, llvm::StringRef when)
{
	if (!v->getInit() || v->getType()->isDependentType() || !holds_address(v->getType()))
		return;
	Targets t = solve([&] { return targets(v->getInit(), v->getType()->isReferenceType()); });
	if (overflowed(loc))
		return;
	if (t.temporary)
		c_.report(loc, "dangling-view", what + " views a temporary that is destroyed " + when,
			  "keep the value in a local variable first, and view that");
	for (const VarDecl *target : t.vars)
		if (target != v && dies_before(target, v))
			c_.report(loc, "dangling-view",
				  what + " views '" + target->getNameAsString() + "', which goes out of scope before it does",
				  note_scope);
}

void Lifetimes::check_constructor(const CXXConstructorDecl *ctor)
{
	Root self;
	self.kind = Root::self;
	self.key = ctor;
	for (const CXXCtorInitializer *init : ctor->inits()) {
		bool object = false;
		if (!init->isWritten() || !binds_view(init, object))
			continue;
		const FieldDecl *field = init->getMember();
		std::string name = field ? "member '" + field->getNameAsString() + "'" : std::string("the object");
		Targets t = solve([&] { return targets(init->getInit(), object); });
		if (!overflowed(init->getSourceLocation()))
			check_bound(init->getSourceLocation(), name, llvm::SmallVector<Root, 2>{self}, t, ctor);
	}
}

} // namespace rex_check
